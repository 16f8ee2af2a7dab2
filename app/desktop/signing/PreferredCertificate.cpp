// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/PreferredCertificate.h"

#include "signing/CertificateInfo.h"
#include "signing/TokenCertificate.h"

#include <QRegularExpression>

namespace dms {

PreferredCertificate PreferredCertificate::fromSetting(const QString &value)
{
    PreferredCertificate preferred;
    const QString trimmed = value.trimmed();
    QString hex = trimmed;
    hex.remove(QLatin1Char(':')).remove(QLatin1Char(' '));
    static const QRegularExpression sha256(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (sha256.match(hex).hasMatch())
        preferred.m_fingerprint = QByteArray::fromHex(hex.toLatin1());
    else
        preferred.m_label = trimmed;
    return preferred;
}

QString PreferredCertificate::settingFor(const CertificateInfo &certificate)
{
    return QString::fromLatin1(certificate.sha256Fingerprint().toHex());
}

bool PreferredCertificate::matches(const TokenCertificate &certificate) const
{
    if (!m_fingerprint.isEmpty())
        return !certificate.certificate.isNull()
            && certificate.certificate.sha256Fingerprint() == m_fingerprint;
    return !m_label.isEmpty() && certificate.label == m_label;
}

} // namespace dms
