// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/AccessCode.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace dms {

namespace {

constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

QString normalized(const QString &code)
{
    QString out;
    for (const QChar c : code) {
        if (c != QLatin1Char(' ') && c != QLatin1Char('-'))
            out.append(c.toUpper());
    }
    return out;
}

} // namespace

QString AccessCode::generate()
{
    constexpr quint32 size = sizeof kAlphabet - 1;
    QString code;
    for (int i = 0; i < kLength; ++i)
        code.append(QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(size)]));
    return code;
}

QByteArray AccessCode::newSalt()
{
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), salt.size() / 4);
    return salt.toHex();
}

QByteArray AccessCode::hash(const QByteArray &salt, const QString &code)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(salt);
    hash.addData(QByteArrayView("\n"));
    hash.addData(normalized(code).toUtf8());
    return hash.result().toHex();
}

bool AccessCode::matches(const QByteArray &salt, const QByteArray &expectedHash, const QString &code)
{
    return equalConstantTime(hash(salt, code), expectedHash);
}

bool AccessCode::equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    const qsizetype length = qMax(a.size(), b.size());
    for (qsizetype i = 0; i < length; ++i) {
        const char x = i < a.size() ? a.at(i) : 0;
        const char y = i < b.size() ? b.at(i) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

QByteArray AccessCode::mask(const QByteArray &salt, const QByteArray &secret, const QByteArray &value)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("delovod-eservice-replay\n"));
    hash.addData(salt);
    hash.addData(secret);
    const QByteArray key = hash.result();
    const QByteArray bytes = QByteArray::fromHex(value);
    QByteArray out(bytes.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes.size(); ++i)
        out[i] = char(bytes.at(i) ^ key.at(i % key.size()));
    return out.toHex();
}

} // namespace dms
