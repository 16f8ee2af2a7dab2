// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace dms::test {

/** The independent XMLDSig oracle: the xmlsec1 command line (libxmlsec1 + OpenSSL). */
struct XmlsecResult
{
    int exitCode = -1;
    QString output;
    bool ok() const { return exitCode == 0 && output.contains(QLatin1String("OK")); }
};

inline bool hasXmlsec()
{
    return !QStandardPaths::findExecutable(QStringLiteral("xmlsec1")).isEmpty();
}

inline XmlsecResult xmlsec(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("xmlsec1"), arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return {-1, QStringLiteral("xmlsec1 did not finish")};
    return {process.exitCode(), QString::fromLocal8Bit(process.readAll())};
}

/** xmlsec1 --verify against @p trustedPem (plus @p untrustedPem intermediates); the
 *  XAdES SignedProperties and elements named in @p idElements get their Id attribute
 *  registered as an ID. */
inline XmlsecResult xmlsecVerify(const QString &file, const QString &trustedPem,
                                 const QString &untrustedPem = {}, const QStringList &idElements = {})
{
    QStringList arguments {QStringLiteral("--verify"), QStringLiteral("--trusted-pem"), trustedPem,
                           QStringLiteral("--id-attr:Id"),
                           QStringLiteral("http://uri.etsi.org/01903/v1.3.2#:SignedProperties")};
    if (!untrustedPem.isEmpty())
        arguments << QStringLiteral("--untrusted-pem") << untrustedPem;
    for (const QString &element : idElements)
        arguments << QStringLiteral("--id-attr:Id") << element;
    arguments << file;
    return xmlsec(arguments);
}

} // namespace dms::test
