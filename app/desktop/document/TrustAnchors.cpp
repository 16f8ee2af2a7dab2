// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/TrustAnchors.h"

#include "core/Tr.h"
#include "signing/verify/CadesVerifier.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace dms {

namespace {

Result<QList<CertificateInfo>> loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The certificate file %1 cannot be read: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    QList<CertificateInfo> certificates;
    if (bytes.contains("-----BEGIN")) {
        auto pem = CertificateInfo::listFromPem(bytes);
        if (pem)
            certificates = *pem;
    } else if (auto der = CertificateInfo::fromDer(bytes)) {
        certificates << *der;
    }
    if (certificates.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file %1 holds no certificate (PEM or DER).").arg(path));
    return certificates;
}

} // namespace

Result<QList<CertificateInfo>> TrustAnchors::load(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isDir())
        return loadFile(path);
    const QStringList names = QDir(path).entryList(
        {QStringLiteral("*.pem"), QStringLiteral("*.crt"), QStringLiteral("*.cer"), QStringLiteral("*.der")},
        QDir::Files | QDir::Readable, QDir::Name);
    QList<CertificateInfo> certificates;
    for (const QString &name : names) {
        auto some = loadFile(QDir(path).filePath(name));
        if (!some)
            return some.error();
        certificates << *some;
    }
    if (certificates.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The folder %1 holds no certificate files (*.pem, *.crt, *.cer, *.der).").arg(path));
    return certificates;
}

Status TrustAnchors::apply(const QSettings &settings, CadesVerifier &verifier)
{
    const QString path = settings.value(settingKey()).toString().trimmed();
    if (path.isEmpty())
        return {};
    auto anchors = load(path);
    if (!anchors)
        return anchors.error();
    verifier.setTrustAnchors(*anchors);
    return {};
}

} // namespace dms
