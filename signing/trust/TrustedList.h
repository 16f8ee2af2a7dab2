// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"
#include "signing/verify/QualificationSource.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace dms {

class Clock;

/** An EU Trusted List (ETSI TS 119 612, e.g. TSL_BG.xml) whose own enveloped
 *  XMLDSig was verified against a configured list-signer certificate, as a
 *  QualificationSource: a certificate issuer is Qualified at a time when a CA/QC
 *  service with that certificate had status "granted" (or the pre-2016
 *  "undersupervision"/"accredited") then and, if the service restricts its use
 *  (additionalServiceInformation), is for e-signatures. Plain value type. */
class TrustedList final : public QualificationSource
{
public:
    /** One entry of a service's status history. */
    struct StatusPeriod
    {
        QString status; ///< ServiceStatus URI
        QDateTime start; ///< StatusStartingTime (UTC)
    };

    struct Service
    {
        QString typeIdentifier; ///< ServiceTypeIdentifier URI, e.g. …/Svctype/CA/QC
        QString name; ///< ServiceName (English when present)
        QList<CertificateInfo> certificates; ///< ServiceDigitalIdentity X509Certificate
        /** The current status first, then the history, newest first. */
        QList<StatusPeriod> statusHistory;
        /** AdditionalServiceInformation URIs (e.g. …/SvcInfoExt/ForeSignatures). */
        QStringList additionalInformation;
        /** Qualifier URIs of the Sie/Qualifications extension (e.g. …/QCWithSSCD). */
        QStringList qualifiers;
    };

    struct Provider
    {
        QString name; ///< TSPName (English when present)
        QList<Service> services;
    };

    TrustedList() = default;

    /** Parses @p xml (hardened parser) and verifies its enveloped signature; the
     *  signing certificate must be one of @p listSigners (byte-equal). InvalidInput
     *  for malformed XML or a list that is not a TrustServiceStatusList; Corrupt when
     *  the signature is missing, invalid, or by another signer. */
    [[nodiscard]] static Result<TrustedList>
    load(const QByteArray &xml, const QList<CertificateInfo> &listSigners, const Clock &clock);
    /** load() over the contents of @p path. */
    [[nodiscard]] static Result<TrustedList>
    loadFile(const QString &path, const QList<CertificateInfo> &listSigners, const Clock &clock);

    QString territory() const { return m_territory; }
    int sequenceNumber() const { return m_sequenceNumber; }
    QDateTime issueDate() const { return m_issueDate; }
    QDateTime nextUpdate() const { return m_nextUpdate; }
    QList<Provider> providers() const { return m_providers; }
    /** The certificate that signed the list. */
    CertificateInfo signer() const { return m_signer; }

    Status statusOf(const CertificateInfo &issuer, const QDateTime &at) const override;

    static QLatin1String caQcServiceType();
    static QLatin1String grantedStatus();
    static QLatin1String withdrawnStatus();

private:
    QString m_territory;
    int m_sequenceNumber = 0;
    QDateTime m_issueDate;
    QDateTime m_nextUpdate;
    QList<Provider> m_providers;
    CertificateInfo m_signer;
};

} // namespace dms
