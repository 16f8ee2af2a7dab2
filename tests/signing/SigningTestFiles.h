// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"

#include <QByteArray>
#include <QFile>
#include <QString>

namespace dms::test {

/** The whole file, or empty when it cannot be read. */
inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

/** The first certificate of a PEM file, or a null one. */
inline CertificateInfo pemCertificate(const QString &path)
{
    auto certificates = CertificateInfo::listFromPem(readAll(path));
    return certificates && !certificates->isEmpty() ? certificates->first() : CertificateInfo();
}

} // namespace dms::test
