// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace dms {

class CertificateInfo;
struct TokenCertificate;

/** The clerk's preferred signing certificate as the setting signing/certificate
 *  (DeskSettings::signingCertificate) names it: the SHA-256 fingerprint of the
 *  certificate's DER in hex (colons and spaces allowed), which no other
 *  certificate on any card can share. Older settings held the certificate's
 *  label on the card; such a value still matches by label. Plain value type. */
class PreferredCertificate
{
public:
    PreferredCertificate() = default;
    /** Reads the setting's value; empty: no preference. */
    static PreferredCertificate fromSetting(const QString &value);
    /** The setting's value for @p certificate: its fingerprint, lower-case hex. */
    static QString settingFor(const CertificateInfo &certificate);

    bool isEmpty() const { return m_fingerprint.isEmpty() && m_label.isEmpty(); }
    /** Named by a fingerprint rather than by a label. */
    bool isFingerprint() const { return !m_fingerprint.isEmpty(); }
    bool matches(const TokenCertificate &certificate) const;

private:
    QByteArray m_fingerprint; ///< the raw 32 bytes
    QString m_label;
};

} // namespace dms
