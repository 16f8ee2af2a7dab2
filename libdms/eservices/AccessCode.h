// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace dms {

/** The code a citizen uses, with the registration index, to see an application's
 *  status. It is shown once; only a salted SHA-256 is stored. */
class AccessCode
{
public:
    /** 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
     *  from the system's cryptographic random source: about 60 bits. */
    static QString generate();
    static QByteArray newSalt();
    /** Hex SHA-256 of salt and code (the code upper-cased, spaces and dashes dropped). */
    static QByteArray hash(const QByteArray &salt, const QString &code);
    /** Compares the hash of `code` with `expectedHash` in constant time. */
    static bool matches(const QByteArray &salt, const QByteArray &expectedHash, const QString &code);
    /** Constant-time equality of two byte strings of any length. */
    static bool equalConstantTime(const QByteArray &a, const QByteArray &b);
    /** XORs the code with a key derived from `secret` (hex in, hex out): so a
     *  repeated submission (same body) can be answered with the same code while
     *  the database alone does not reveal it. Its own inverse. */
    static QByteArray mask(const QByteArray &salt, const QByteArray &secret, const QByteArray &value);

    static constexpr int kLength = 12;
};

} // namespace dms
