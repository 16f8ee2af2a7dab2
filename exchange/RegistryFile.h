// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/ParticipantRecord.h"

#include <QByteArray>
#include <QList>

namespace dms::exchange {

/** The participant registry as a file, for closed networks without the registry
 *  service: a JSON array of objects
 *  {"guid", "identifier", "name", "certificateSN" (hex), "endpoint", "active", "lastChange"}.
 *  Every record is checked (GUID form, ЕИК/БУЛСТАТ 9, 10 or 13 digits, hex serial,
 *  https endpoint) before any is imported. */
class RegistryFile
{
public:
    static Result<QList<ParticipantRecord>> parse(const QByteArray &json);
    static QByteArray write(const QList<ParticipantRecord> &records);
};

} // namespace dms::exchange
