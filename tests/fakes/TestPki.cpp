// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestPki.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtDebug>

#include <utility>

namespace dms {

TestPki::TestPki(QString directory, QString openssl)
    : m_directory(std::move(directory))
    , m_openssl(std::move(openssl))
{
    QDir().mkpath(m_directory);
}

QString TestPki::path(const QString &name) const
{
    return QDir(m_directory).filePath(name);
}

bool TestPki::run(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_directory);
    process.start(m_openssl, arguments);
    if (!process.waitForFinished(60'000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        qWarning() << "openssl" << arguments << process.readAllStandardError();
        return false;
    }
    return true;
}

bool TestPki::makeCa(const QString &name)
{
    return run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("ec"), QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                QStringLiteral("-out"), name + QStringLiteral(".crt"), QStringLiteral("-days"),
                QStringLiteral("2"), QStringLiteral("-subj"),
                QStringLiteral("/CN=") + name + QStringLiteral(" test CA")});
}

bool TestPki::makeLeaf(const QString &name, const QString &ca, const QString &subject,
                       const QString &extensions)
{
    QFile ext(path(name + QStringLiteral(".ext")));
    if (!ext.open(QIODevice::WriteOnly) || ext.write(extensions.toUtf8()) < 0)
        return false;
    ext.close();
    return run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                QStringLiteral("-out"), name + QStringLiteral(".csr"), QStringLiteral("-subj"), subject})
        && run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                name + QStringLiteral(".csr"), QStringLiteral("-CA"), ca + QStringLiteral(".crt"),
                QStringLiteral("-CAkey"), ca + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                QStringLiteral("-out"), name + QStringLiteral(".crt"), QStringLiteral("-days"),
                QStringLiteral("2"), QStringLiteral("-extfile"), name + QStringLiteral(".ext")});
}

QByteArray TestPki::fingerprint(const QString &name) const
{
    return fingerprintOfFile(path(name + QStringLiteral(".crt")));
}

QByteArray TestPki::fingerprintOfFile(const QString &certificateFile)
{
    QFile file(certificateFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray pem = file.readAll();
    const QByteArray begin = QByteArrayLiteral("-----BEGIN CERTIFICATE-----");
    const qsizetype from = pem.indexOf(begin);
    const qsizetype to = pem.indexOf(QByteArrayLiteral("-----END CERTIFICATE-----"));
    if (from < 0 || to < from)
        return {};
    const QByteArray der = QByteArray::fromBase64(pem.mid(from + begin.size(), to - from - begin.size()));
    if (der.isEmpty())
        return {};
    return QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex();
}

} // namespace dms
