// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/RegistrationService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "domain/IndexPattern.h"
#include "search/SearchIndex.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>

namespace dms {

namespace {

/** Where a new entry goes and how its index is written. */
struct Target
{
    QString registerId;
    QString registerCode;
    QString registryCode;
    QString pattern;
    QString caseId;
    QString baseRegistrationId;
    int baseYear = 0;
    qint64 baseNumber = 0;
};

Result<Target> targetForRegister(const QSqlDatabase &db, const QString &registerId)
{
    auto row = Sql::exec(db,
                         QStringLiteral("SELECT r.code, r.active, g.code, g.index_pattern FROM register r"
                                        " JOIN registry g ON g.id = r.registry_id WHERE r.id = ?"),
                         {registerId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such register."), registerId);
    if (row->value(1).toInt() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("This register is closed."), registerId);
    Target target;
    target.registerId = registerId;
    target.registerCode = row->value(0).toString();
    target.registryCode = row->value(2).toString();
    target.pattern = row->value(3).toString();
    return target;
}

Result<Target> targetForCase(const QSqlDatabase &db, const QString &caseId)
{
    auto row
        = Sql::exec(db,
                    QStringLiteral("SELECT c.status, b.id, b.register_id, b.year, b.number FROM case_file c"
                                   " JOIN registration b ON b.id = c.base_registration_id WHERE c.id = ?"),
                    {caseId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such case file."), caseId);
    if (row->value(0).toString() != QLatin1String("open"))
        return makeError(ErrorCode::InvalidState, Tr::tr("The case file is closed."), caseId);
    const QString baseId = row->value(1).toString();
    const QString registerId = row->value(2).toString();
    const int year = row->value(3).toInt();
    const qint64 number = row->value(4).toLongLong();
    row->finish();
    auto target = targetForRegister(db, registerId);
    if (!target)
        return target;
    target->caseId = caseId;
    target->baseRegistrationId = baseId;
    target->baseYear = year;
    target->baseNumber = number;
    return target;
}

/** Bumps a counter row and returns the new value; the row is created on first use.
 *  The UPDATE locks the row until commit, which is what makes numbering gap-free. */
Result<qint64> nextNumber(const QSqlDatabase &db, const QString &insert, const QString &update,
                          const QVariantList &key)
{
    auto created = Sql::exec(db, insert, key);
    if (!created)
        return created.error();
    auto bumped = Sql::exec(db, update, key);
    if (!bumped)
        return bumped.error();
    if (!bumped->next())
        return makeError(ErrorCode::Internal, Tr::tr("Could not issue a registration number."), update);
    return bumped->value(0).toLongLong();
}

const QString kSelect = QStringLiteral(
    "SELECT r.id, r.register_id, r.year, r.number, r.sub_number, r.reg_index, r.registered_at, "
    "r.registered_on,"
    " r.document_id, r.base_registration_id, r.registered_by, r.status, r.annulled_at, r.annulled_by,"
    " r.annul_reason, cd.case_id FROM registration r LEFT JOIN case_document cd ON cd.document_id = "
    "r.document_id ");

Registration registrationFrom(const QSqlQuery &row)
{
    Registration r;
    r.id = row.value(0).toString();
    r.registerId = row.value(1).toString();
    r.year = row.value(2).toInt();
    r.number = row.value(3).toLongLong();
    r.subNumber = row.value(4).toInt();
    r.index = row.value(5).toString();
    r.registeredAt = QDateTime::fromString(row.value(6).toString(), Qt::ISODateWithMs);
    r.registeredOn = QDate::fromString(row.value(7).toString(), Qt::ISODate);
    r.documentId = row.value(8).toString();
    r.baseRegistrationId = row.value(9).toString();
    r.registeredBy = row.value(10).toString();
    r.status = registrationStatusFromName(row.value(11).toString()).value_or(RegistrationStatus::Active);
    if (!row.value(12).isNull())
        r.annulledAt = QDateTime::fromString(row.value(12).toString(), Qt::ISODateWithMs);
    r.annulledBy = row.value(13).toString();
    r.annulReason = row.value(14).toString();
    r.caseId = row.value(15).toString();
    return r;
}

} // namespace

RegistrationService::RegistrationService(ServiceContext &context)
    : m_context(context)
{ }

Status RegistrationService::validate(const DocumentDraft &draft)
{
    if (draft.subject.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The subject is required."));
    if (draft.subject.size() > kMaxSubjectLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The subject is too long (at most %1 characters).").arg(kMaxSubjectLength));
    if (draft.kind.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document kind is required."));
    if (draft.kind.size() > kMaxKindLength)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document kind is too long."));
    if (draft.pageCount < 0 || draft.pageCount > kMaxPages)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The page count is not valid."));
    if (draft.fullText.size() > kMaxTextLength)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document text is too long."));
    if (!draft.correspondentId.isEmpty() && !Ids::isValid(draft.correspondentId))
        return makeError(ErrorCode::NotFound, Tr::tr("No such correspondent."), draft.correspondentId);
    if (!draft.classificationId.isEmpty() && !Ids::isValid(draft.classificationId))
        return makeError(ErrorCode::NotFound, Tr::tr("No such heading of the file plan."),
                         draft.classificationId);
    return {};
}

Result<Registration> RegistrationService::registerDocument(const Session &session,
                                                           const NewRegistration &request)
{
    DMS_TRY(session.require(Permission::RegisterDocument));
    const DocumentDraft &draft = request.document;
    DMS_TRY(validate(draft));
    if (request.caseId.isEmpty() && request.registerId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose a register."));
    if (!request.caseId.isEmpty() && request.openCase)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("A document either opens a case file or joins one, not both."));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();

    auto target = request.caseId.isEmpty() ? targetForRegister(db, request.registerId)
                                           : targetForCase(db, request.caseId);
    if (!target)
        return target.error();
    auto pattern = IndexPattern::cached(target->pattern);
    if (!pattern)
        return pattern.error();

    QString correspondentName;
    if (!draft.correspondentId.isEmpty()) {
        auto name = Sql::scalar(db, QStringLiteral("SELECT name FROM correspondent WHERE id = ?"),
                                {draft.correspondentId});
        if (!name)
            return name.error().code == ErrorCode::NotFound
                ? makeError(ErrorCode::NotFound, Tr::tr("No such correspondent."), draft.correspondentId)
                : name.error();
        correspondentName = name->toString();
    }

    const QDateTime now = m_context.clock.now().toUTC();
    const QDate localDate = now.toTimeZone(m_context.timeZone).date();
    Registration entry;
    entry.id = Ids::create(now);
    entry.documentId = Ids::create(now);
    entry.registerId = target->registerId;
    entry.registeredAt = now;
    entry.registeredOn = localDate;
    entry.registeredBy = session.userId;
    entry.caseId = target->caseId;

    if (request.reservedNumber > 0) {
        if (!target->baseRegistrationId.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             Tr::tr("A follow-up in a case file cannot take a reserved number."));
        // Only a number the counter already passed can be reserved: a lease moves
        // the counter past its block when it is granted.
        entry.year = request.reservedYear > 0 ? request.reservedYear : localDate.year();
        auto last = Sql::exec(
            db, QStringLiteral("SELECT last_number FROM register_counter WHERE register_id = ? AND year = ?"),
            {entry.registerId, entry.year});
        if (!last)
            return last.error();
        if (!last->next() || last->value(0).toLongLong() < request.reservedNumber)
            return makeError(ErrorCode::InvalidInput, Tr::tr("This number was not reserved."),
                             QString::number(request.reservedNumber));
        entry.number = request.reservedNumber;
    } else if (target->baseRegistrationId.isEmpty()) {
        entry.year = localDate.year();
        auto number = nextNumber(
            db,
            QStringLiteral("INSERT INTO register_counter (register_id, year, last_number) VALUES (?, ?, 0)"
                           " ON CONFLICT DO NOTHING"),
            QStringLiteral("UPDATE register_counter SET last_number = last_number + 1"
                           " WHERE register_id = ? AND year = ? RETURNING last_number"),
            {entry.registerId, entry.year});
        if (!number)
            return number.error();
        entry.number = *number;
    } else {
        entry.year = target->baseYear;
        entry.number = target->baseNumber;
        entry.baseRegistrationId = target->baseRegistrationId;
        auto sub = nextNumber(
            db,
            QStringLiteral("INSERT INTO follow_up_counter (base_registration_id, last_sub_number)"
                           " VALUES (?, 0) ON CONFLICT DO NOTHING"),
            QStringLiteral("UPDATE follow_up_counter SET last_sub_number = last_sub_number + 1"
                           " WHERE base_registration_id = ? RETURNING last_sub_number"),
            {entry.baseRegistrationId});
        if (!sub)
            return sub.error();
        entry.subNumber = int(*sub);
    }
    entry.index = pattern->format(
        {target->registryCode, entry.year, target->registerCode, entry.number, entry.subNumber, localDate});

    const QString nowText = now.toString(Qt::ISODateWithMs);
    auto document = Sql::exec(
        db,
        QStringLiteral(
            "INSERT INTO document (id, kind, subject, correspondent_id, channel, page_count, access_level,"
            " classification_id, full_text, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?)"),
        {entry.documentId, draft.kind.trimmed(), draft.subject.trimmed(),
         Sql::textOrNull(draft.correspondentId), toName(draft.channel), draft.pageCount,
         toName(draft.accessLevel), Sql::textOrNull(draft.classificationId), Sql::textOrNull(draft.fullText),
         nowText, session.userId});
    if (!document) {
        if (document.error().code == ErrorCode::InvalidInput && !draft.classificationId.isEmpty())
            return makeError(ErrorCode::NotFound, Tr::tr("No such heading of the file plan."),
                             draft.classificationId);
        return document.error();
    }
    auto registration = Sql::exec(
        db,
        QStringLiteral(
            "INSERT INTO registration (id, register_id, year, number, sub_number, reg_index, registered_at,"
            " registered_on, document_id, base_registration_id, registered_by, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')"),
        {entry.id, entry.registerId, entry.year, entry.number, entry.subNumber, entry.index, nowText,
         localDate.toString(Qt::ISODate), entry.documentId, Sql::textOrNull(entry.baseRegistrationId),
         session.userId});
    if (!registration)
        return registration.error().code == ErrorCode::AlreadyExists && request.reservedNumber > 0
            ? makeError(ErrorCode::Conflict, Tr::tr("This number is already taken."), entry.index)
            : registration.error();

    QList<AuditEvent> events;
    QJsonObject details {{QStringLiteral("index"), entry.index},
                         {QStringLiteral("registerId"), entry.registerId},
                         {QStringLiteral("documentId"), entry.documentId},
                         {QStringLiteral("channel"), toName(draft.channel)},
                         {QStringLiteral("accessLevel"), toName(draft.accessLevel)}};
    if (request.openCase) {
        entry.caseId = Ids::create(now);
        const QString title
            = request.caseTitle.trimmed().isEmpty() ? draft.subject.trimmed() : request.caseTitle.trimmed();
        auto opened = Sql::exec(
            db,
            QStringLiteral("INSERT INTO case_file (id, base_registration_id, title, classification_id,"
                           " status, opened_at, created_by) VALUES (?, ?, ?, ?, 'open', ?, ?)"),
            {entry.caseId, entry.id, title.left(kMaxSubjectLength), Sql::textOrNull(draft.classificationId),
             nowText, session.userId});
        if (!opened)
            return opened.error();
        events.append(
            {QStringLiteral("case.open"),
             QStringLiteral("case"),
             entry.caseId,
             {{QStringLiteral("index"), entry.index}, {QStringLiteral("baseRegistrationId"), entry.id}}});
    }
    if (!entry.caseId.isEmpty()) {
        auto linked = Sql::exec(
            db,
            QStringLiteral(
                "INSERT INTO case_document (case_id, document_id, added_at, added_by) VALUES (?, ?, ?, ?)"),
            {entry.caseId, entry.documentId, nowText, session.userId});
        if (!linked)
            return linked.error();
        details.insert(QStringLiteral("caseId"), entry.caseId);
    }
    DMS_TRY(SearchIndex::put(*tx, entry.documentId,
                             {entry.index, draft.kind, draft.subject, correspondentName, draft.fullText}));
    events.prepend(
        {QStringLiteral("registration.create"), QStringLiteral("registration"), entry.id, details});
    DMS_TRY(AuditJournal::append(*tx, session.login, now, events));
    DMS_TRY(tx->commit());
    return entry;
}

Status RegistrationService::annul(const Session &session, const QString &registrationId,
                                  const QString &reason)
{
    DMS_TRY(session.require(Permission::AnnulRegistration));
    const QString why = reason.trimmed();
    if (why.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Give the reason for the annulment."));
    if (why.size() > kMaxReasonLength)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The reason is too long."));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto current = Sql::exec(db, QStringLiteral("SELECT status, reg_index FROM registration WHERE id = ?"),
                             {registrationId});
    if (!current)
        return current.error();
    if (!current->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such registration."), registrationId);
    if (current->value(0).toString() != QLatin1String("active"))
        return makeError(ErrorCode::InvalidState, Tr::tr("This registration is already annulled."),
                         current->value(1).toString());
    const QString index = current->value(1).toString();
    current->finish();

    const QDateTime now = m_context.clock.now().toUTC();
    auto updated
        = Sql::exec(db,
                    QStringLiteral("UPDATE registration SET status = 'annulled', annulled_at = ?,"
                                   " annulled_by = ?, annul_reason = ? WHERE id = ? AND status = 'active'"),
                    {now.toString(Qt::ISODateWithMs), session.userId, why, registrationId});
    if (!updated)
        return updated.error();
    DMS_TRY(AuditJournal::append(
        *tx, session.login, now,
        AuditEvent {QStringLiteral("registration.annul"),
                    QStringLiteral("registration"),
                    registrationId,
                    {{QStringLiteral("index"), index}, {QStringLiteral("reason"), why}}}));
    return tx->commit();
}

Result<Registration> RegistrationService::findWhere(const QString &condition, const QVariant &value)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db, kSelect + condition, {value});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such registration."), value.toString());
    return registrationFrom(*row);
}

Result<Registration> RegistrationService::find(const QString &registrationId)
{
    return findWhere(QStringLiteral("WHERE r.id = ?"), registrationId);
}

Result<Registration> RegistrationService::findByIndex(const QString &index)
{
    return findWhere(QStringLiteral("WHERE r.reg_index = ?"), index.trimmed());
}

Result<Registration> RegistrationService::findByDocument(const QString &documentId)
{
    return findWhere(QStringLiteral("WHERE r.document_id = ?"), documentId);
}

} // namespace dms
