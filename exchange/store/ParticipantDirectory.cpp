// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/store/ParticipantDirectory.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "exchange/CertificateSerial.h"
#include "exchange/message/ExchangeGuid.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

namespace dms::exchange {

namespace {

const QString s_columns
    = QStringLiteral("guid, identifier, name, certificate_sn, endpoint_uri, active, last_change");

ParticipantRecord fromRow(const SqlStatement &row)
{
    ParticipantRecord r;
    r.guid = row.value(0).toString();
    r.identifier = row.value(1).toString();
    r.name = row.value(2).toString();
    r.certificateSerialHex = row.value(3).toString();
    r.endpointUri = row.value(4).toString();
    r.active = row.value(5).toInt() == 1;
    r.lastChange = Sql::toDateTime(row.value(6));
    return r;
}

} // namespace

ParticipantDirectory::ParticipantDirectory(Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{ }

Status ParticipantDirectory::replaceAll(const QList<ParticipantRecord> &records)
{
    return upsert(records, true);
}

Status ParticipantDirectory::apply(const QList<ParticipantRecord> &records)
{
    return upsert(records, false);
}

Status ParticipantDirectory::upsert(const QList<ParticipantRecord> &records, bool replace)
{
    for (const ParticipantRecord &r : records) {
        if (ExchangeGuid::normalized(r.guid).isEmpty() || r.identifier.isEmpty()
            || CertificateSerial::normalizedHex(r.certificateSerialHex).isEmpty())
            return makeError(ErrorCode::InvalidInput, Tr::tr("A participant record is incomplete."),
                             QStringLiteral("participant %1").arg(r.guid));
    }
    auto tx = Transaction::begin(m_database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    const QString now = Sql::toText(m_clock.now());
    if (replace)
        DMS_TRY(Sql::exec(db, QStringLiteral("DELETE FROM exchange_participant")));
    for (const ParticipantRecord &r : records) {
        const QString guid = ExchangeGuid::normalized(r.guid);
        DMS_TRY(Sql::exec(db, QStringLiteral("DELETE FROM exchange_participant WHERE guid = ?"), {guid}));
        DMS_TRY(
            Sql::exec(db,
                      QStringLiteral("INSERT INTO exchange_participant (") + s_columns
                          + QStringLiteral(", refreshed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                      {guid, r.identifier, r.name, CertificateSerial::normalizedHex(r.certificateSerialHex),
                       r.endpointUri, r.active ? 1 : 0,
                       r.lastChange.isValid() ? QVariant(Sql::toText(r.lastChange)) : Sql::null(), now}));
    }
    DMS_TRY(Sql::exec(db, QStringLiteral("DELETE FROM exchange_registry_state")));
    auto previous = Sql::scalar(db, QStringLiteral("SELECT MAX(last_change) FROM exchange_participant"));
    const QVariant last = previous ? previous.value() : QVariant();
    DMS_TRY(Sql::exec(db,
                      QStringLiteral("INSERT INTO exchange_registry_state (id, last_change, refreshed_at) "
                                     "VALUES (1, ?, ?)"),
                      {last, now}));
    return tx->commit();
}

Result<ParticipantRecord> ParticipantDirectory::find(const QString &guid)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db,
                         QStringLiteral("SELECT ") + s_columns
                             + QStringLiteral(" FROM exchange_participant WHERE guid = ?"),
                         {ExchangeGuid::normalized(guid)});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("The participant is not in the exchange registry."),
                         QStringLiteral("guid %1").arg(guid));
    return fromRow(*row);
}

Result<QList<ParticipantRecord>> ParticipantDirectory::all()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT ") + s_columns
                              + QStringLiteral(" FROM exchange_participant ORDER BY name, guid"));
    if (!rows)
        return rows.error();
    QList<ParticipantRecord> result;
    while (rows->next())
        result.append(fromRow(*rows));
    return result;
}

Result<QDateTime> ParticipantDirectory::lastChange()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto value
        = Sql::scalar(*db, QStringLiteral("SELECT last_change FROM exchange_registry_state WHERE id = 1"));
    if (!value)
        return value.error().code == ErrorCode::NotFound ? Result<QDateTime>(QDateTime()) : value.error();
    return Sql::toDateTime(*value);
}

Result<QDateTime> ParticipantDirectory::refreshedAt()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto value
        = Sql::scalar(*db, QStringLiteral("SELECT refreshed_at FROM exchange_registry_state WHERE id = 1"));
    if (!value)
        return value.error().code == ErrorCode::NotFound ? Result<QDateTime>(QDateTime()) : value.error();
    return Sql::toDateTime(*value);
}

Result<ParticipantRecord> ParticipantDirectory::match(const Participant &participant)
{
    auto record = find(participant.guid);
    if (!record)
        return record.error();
    if (record->identifier != participant.identifier.trimmed())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The participant's identifier does not match the exchange registry."),
                         QStringLiteral("guid %1").arg(participant.guid));
    if (!record->active)
        return makeError(ErrorCode::PermissionDenied,
                         Tr::tr("The participant is not active in the exchange registry."),
                         QStringLiteral("guid %1").arg(participant.guid));
    return record;
}

} // namespace dms::exchange
