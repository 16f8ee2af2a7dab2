// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace dms {

/** A throwaway PKI for TLS tests on loopback, made by the openssl program in a
 *  directory of the test's: EC P-256 CAs and leaf certificates valid for two
 *  days, each as <name>.crt and <name>.key (PEM, the key unencrypted). */
class TestPki
{
public:
    /** Creates `directory` if needed; `openssl` is the program to run. */
    explicit TestPki(QString directory, QString openssl = QStringLiteral("openssl"));

    /** The file `name` in the PKI's directory, e.g. path("ca.crt"). */
    QString path(const QString &name) const;
    /** A self-signed CA <name>.crt/<name>.key with the subject "CN=<name> test CA". */
    bool makeCa(const QString &name);
    /** A leaf <name>.crt/<name>.key issued by the CA `ca`, with an OpenSSL
     *  extension section such as "extendedKeyUsage=clientAuth\n". */
    bool makeLeaf(const QString &name, const QString &ca, const QString &subject, const QString &extensions);
    /** SHA-256 of <name>.crt's DER, lower-case hex (what the server knows a desk by). */
    QByteArray fingerprint(const QString &name) const;
    /** The same for a PEM certificate file anywhere; empty when unreadable. */
    static QByteArray fingerprintOfFile(const QString &certificateFile);

private:
    bool run(const QStringList &arguments);

    QString m_directory;
    QString m_openssl;
};

} // namespace dms
