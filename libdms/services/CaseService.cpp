// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/CaseService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>

namespace dms {

namespace {

const QString kSelectCase = QStringLiteral(
    "SELECT c.id, c.base_registration_id, b.reg_index, c.title, c.classification_id, c.status, c.opened_at,"
    " c.closed_at, c.created_by, (SELECT COUNT(*) FROM case_document n WHERE n.case_id = c.id)"
    " FROM case_file c JOIN registration b ON b.id = c.base_registration_id ");

CaseFile caseFrom(const QSqlQuery &row)
{
    CaseFile file;
    file.id = row.value(0).toString();
    file.baseRegistrationId = row.value(1).toString();
    file.baseIndex = row.value(2).toString();
    file.title = row.value(3).toString();
    file.classificationId = row.value(4).toString();
    file.status = caseStatusFromName(row.value(5).toString()).value_or(CaseStatus::Open);
    file.openedAt = Sql::toDateTime(row.value(6));
    file.closedAt = Sql::toDateTime(row.value(7));
    file.createdBy = row.value(8).toString();
    file.documentCount = row.value(9).toInt();
    return file;
}

Status readDocuments(const QSqlDatabase &db, const Session &session, CaseFile &file)
{
    // Same-millisecond registrations (one desk, one clock tick) fall back to number order.
    auto rows = Sql::exec(
        db,
        QStringLiteral("SELECT d.id, r.id, r.reg_index, d.kind, d.subject, d.access_level, r.status,"
                       " r.registered_at, cd.added_at, cd.added_by FROM case_document cd"
                       " JOIN document d ON d.id = cd.document_id"
                       " LEFT JOIN registration r ON r.document_id = d.id"
                       " WHERE cd.case_id = ?"
                       " ORDER BY r.registered_at, r.year, r.number, r.sub_number, cd.added_at, d.id"),
        {file.id});
    if (!rows)
        return rows.error();
    const bool mayReadRestricted = session.can(Permission::ReadRestricted);
    while (rows->next()) {
        CaseDocument document = CaseService::documentFromRow(*rows, mayReadRestricted);
        document.addedAt = Sql::toDateTime(rows->value(8));
        document.addedBy = rows->value(9).toString();
        file.documents.append(document);
    }
    return {};
}

Status validateNote(const QString &note)
{
    if (note.size() > CaseService::kMaxNoteLength)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The note is too long (at most %1 characters).").arg(CaseService::kMaxNoteLength));
    return {};
}

} // namespace

CaseService::CaseService(ServiceContext &context)
    : m_context(context)
{ }

Result<CaseFile> CaseService::load(const Session &session, const QString &condition, const QString &value)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto tx = Transaction::begin(m_context.database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    auto row = Sql::exec(tx->connection(), kSelectCase + condition, {value});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such case file."), value);
    CaseFile file = caseFrom(*row);
    row->finish();
    DMS_TRY(readDocuments(tx->connection(), session, file));
    DMS_TRY(tx->commit());
    return file;
}

Result<CaseFile> CaseService::get(const Session &session, const QString &caseId)
{
    return load(session, QStringLiteral("WHERE c.id = ?"), caseId);
}

Result<CaseFile> CaseService::findByIndex(const Session &session, const QString &baseIndex)
{
    return load(session, QStringLiteral("WHERE b.reg_index = ?"), baseIndex.trimmed());
}

Result<QList<CaseFile>> CaseService::openCases(const Session &session)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows
        = Sql::exec(*db, kSelectCase + QStringLiteral("WHERE c.status = ? ORDER BY c.opened_at, b.reg_index"),
                    {toName(CaseStatus::Open)});
    if (!rows)
        return rows.error();
    QList<CaseFile> files;
    while (rows->next())
        files.append(caseFrom(*rows));
    return files;
}

Result<CaseFile> CaseService::open(const Session &session, const QString &registrationId,
                                   const QString &title)
{
    DMS_TRY(session.require(Permission::ManageCases));
    if (title.trimmed().size() > kMaxTitleLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The title is too long (at most %1 characters).").arg(kMaxTitleLength));
    QString caseId;
    {
        auto tx = Transaction::begin(m_context.database);
        if (!tx)
            return tx.error();
        const QSqlDatabase &db = tx->connection();
        auto base = Sql::exec(db,
                              QStringLiteral("SELECT r.reg_index, r.status, r.document_id, d.subject,"
                                             " d.classification_id FROM registration r"
                                             " JOIN document d ON d.id = r.document_id WHERE r.id = ?"),
                              {registrationId});
        if (!base)
            return base.error();
        if (!base->next())
            return makeError(ErrorCode::NotFound, Tr::tr("No such registration."), registrationId);
        const QString index = base->value(0).toString();
        if (base->value(1).toString() != toName(RegistrationStatus::Active))
            return makeError(ErrorCode::InvalidState,
                             Tr::tr("The registration of this document is annulled."), index);
        const QString documentId = base->value(2).toString();
        const QString subject = base->value(3).toString();
        const QVariant classification = base->value(4);
        base->finish();

        auto owner = Sql::exec(db,
                               QStringLiteral("SELECT b.reg_index FROM case_document cd"
                                              " JOIN case_file c ON c.id = cd.case_id"
                                              " JOIN registration b ON b.id = c.base_registration_id"
                                              " WHERE cd.document_id = ?"),
                               {documentId});
        if (!owner)
            return owner.error();
        if (owner->next())
            return makeError(
                ErrorCode::AlreadyExists,
                Tr::tr("The document already belongs to case file %1.").arg(owner->value(0).toString()),
                index);
        owner->finish();

        const QDateTime now = m_context.clock.now().toUTC();
        const QString nowText = now.toString(Qt::ISODateWithMs);
        caseId = Ids::create(now);
        const QString caseTitle = title.trimmed().isEmpty() ? subject : title.trimmed();
        auto opened = Sql::exec(
            db,
            QStringLiteral("INSERT INTO case_file (id, base_registration_id, title, classification_id,"
                           " status, opened_at, created_by) VALUES (?, ?, ?, ?, 'open', ?, ?)"),
            {caseId, registrationId, caseTitle.left(kMaxTitleLength), classification, nowText,
             session.userId});
        if (!opened) {
            if (opened.error().code == ErrorCode::AlreadyExists)
                return makeError(ErrorCode::AlreadyExists,
                                 Tr::tr("The document already belongs to a case file."), index);
            return opened.error();
        }
        auto linked = Sql::exec(
            db,
            QStringLiteral(
                "INSERT INTO case_document (case_id, document_id, added_at, added_by) VALUES (?, ?, ?, ?)"),
            {caseId, documentId, nowText, session.userId});
        if (!linked) {
            // Another desk made it part of a case file between the check and the insert.
            if (linked.error().code == ErrorCode::AlreadyExists)
                return makeError(ErrorCode::AlreadyExists,
                                 Tr::tr("The document already belongs to a case file."), index);
            return linked.error();
        }
        DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                     AuditEvent {QStringLiteral("case.open"),
                                                 QStringLiteral("case"),
                                                 caseId,
                                                 {{QStringLiteral("index"), index},
                                                  {QStringLiteral("baseRegistrationId"), registrationId}}}));
        DMS_TRY(tx->commit());
    }
    return get(session, caseId);
}

Status CaseService::close(const Session &session, const QString &caseId, const QString &note)
{
    return setStatus(session, caseId, note, CaseStatus::Closed);
}

Status CaseService::reopen(const Session &session, const QString &caseId, const QString &note)
{
    return setStatus(session, caseId, note, CaseStatus::Open);
}

Status CaseService::setStatus(const Session &session, const QString &caseId, const QString &note,
                              CaseStatus to)
{
    DMS_TRY(session.require(Permission::ManageCases));
    const QString text = note.trimmed();
    DMS_TRY(validateNote(text));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto current = Sql::exec(db,
                             QStringLiteral("SELECT c.status, b.reg_index FROM case_file c"
                                            " JOIN registration b ON b.id = c.base_registration_id"
                                            " WHERE c.id = ?"),
                             {caseId});
    if (!current)
        return current.error();
    if (!current->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such case file."), caseId);
    const QString from = current->value(0).toString();
    const QString index = current->value(1).toString();
    current->finish();
    if (from == toName(to))
        return to == CaseStatus::Closed
            ? makeError(ErrorCode::InvalidState, Tr::tr("The case file is already closed."), index)
            : makeError(ErrorCode::InvalidState, Tr::tr("The case file is open."), index);

    if (to == CaseStatus::Closed) {
        auto pending = Sql::scalar(db,
                                   QStringLiteral("SELECT COUNT(*) FROM resolution r"
                                                  " JOIN case_document cd ON cd.document_id = r.document_id"
                                                  " WHERE cd.case_id = ? AND r.status = 'open'"),
                                   {caseId});
        if (!pending)
            return pending.error();
        if (pending->toLongLong() > 0)
            return makeError(ErrorCode::InvalidState,
                             QCoreApplication::translate(
                                 "dms",
                                 "The case file has %n open resolution(s); complete or cancel them first.",
                                 nullptr, int(pending->toLongLong())),
                             index);
    }

    const QDateTime now = m_context.clock.now().toUTC();
    auto updated = Sql::exec(
        db, QStringLiteral("UPDATE case_file SET status = ?, closed_at = ? WHERE id = ? AND status = ?"),
        {toName(to), to == CaseStatus::Closed ? QVariant(now.toString(Qt::ISODateWithMs)) : Sql::null(),
         caseId, from});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::Conflict,
                         Tr::tr("The case file was changed meanwhile; please try again."), index);
    QJsonObject details {{QStringLiteral("index"), index}};
    if (!text.isEmpty())
        details.insert(QStringLiteral("note"), text);
    DMS_TRY(AuditJournal::append(
        *tx, session.login, now,
        AuditEvent {to == CaseStatus::Closed ? QStringLiteral("case.close") : QStringLiteral("case.reopen"),
                    QStringLiteral("case"), caseId, details}));
    return tx->commit();
}

Status CaseService::attachDocument(const Session &session, const QString &caseId, const QString &documentId)
{
    DMS_TRY(session.require(Permission::ManageCases));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();

    auto target = Sql::exec(db,
                            QStringLiteral("SELECT c.status, b.reg_index FROM case_file c"
                                           " JOIN registration b ON b.id = c.base_registration_id"
                                           " WHERE c.id = ?"),
                            {caseId});
    if (!target)
        return target.error();
    if (!target->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such case file."), caseId);
    const QString caseIndex = target->value(1).toString();
    if (target->value(0).toString() != toName(CaseStatus::Open))
        return makeError(ErrorCode::InvalidState, Tr::tr("The case file is closed."), caseIndex);
    target->finish();

    auto document
        = Sql::exec(db,
                    QStringLiteral("SELECT r.reg_index, r.status FROM document d"
                                   " LEFT JOIN registration r ON r.document_id = d.id WHERE d.id = ?"),
                    {documentId});
    if (!document)
        return document.error();
    if (!document->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such document."), documentId);
    if (document->value(0).isNull())
        return makeError(ErrorCode::InvalidState, Tr::tr("Only registered documents join a case file."),
                         documentId);
    const QString index = document->value(0).toString();
    if (document->value(1).toString() != toName(RegistrationStatus::Active))
        return makeError(ErrorCode::InvalidState, Tr::tr("The registration of this document is annulled."),
                         index);
    document->finish();

    const auto alreadyIn = [&](const QString &otherCaseId, const QString &otherIndex) {
        if (otherCaseId == caseId)
            return makeError(ErrorCode::AlreadyExists, Tr::tr("The document is already in this case file."),
                             index);
        return makeError(ErrorCode::AlreadyExists,
                         Tr::tr("The document already belongs to case file %1.").arg(otherIndex), index);
    };
    const QString ownerSql = QStringLiteral("SELECT cd.case_id, b.reg_index FROM case_document cd"
                                            " JOIN case_file c ON c.id = cd.case_id"
                                            " JOIN registration b ON b.id = c.base_registration_id"
                                            " WHERE cd.document_id = ?");
    auto owner = Sql::exec(db, ownerSql, {documentId});
    if (!owner)
        return owner.error();
    if (owner->next())
        return alreadyIn(owner->value(0).toString(), owner->value(1).toString());
    owner->finish();

    const QDateTime now = m_context.clock.now().toUTC();
    auto linked = Sql::exec(
        db,
        QStringLiteral(
            "INSERT INTO case_document (case_id, document_id, added_at, added_by) VALUES (?, ?, ?, ?)"),
        {caseId, documentId, now.toString(Qt::ISODateWithMs), session.userId});
    if (!linked) {
        // Another desk attached it between the check and the insert.
        if (linked.error().code == ErrorCode::AlreadyExists)
            return makeError(ErrorCode::AlreadyExists, Tr::tr("The document already belongs to a case file."),
                             index);
        return linked.error();
    }
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("case.attach"),
                                             QStringLiteral("case"),
                                             caseId,
                                             {{QStringLiteral("documentId"), documentId},
                                              {QStringLiteral("index"), index},
                                              {QStringLiteral("caseIndex"), caseIndex}}}));
    return tx->commit();
}

CaseDocument CaseService::documentFromRow(const SqlStatement &row, bool mayReadRestricted)
{
    CaseDocument document;
    document.documentId = row.value(0).toString();
    document.registrationId = row.value(1).toString();
    document.index = row.value(2).toString();
    document.kind = row.value(3).toString();
    document.accessLevel = accessLevelFromName(row.value(5).toString()).value_or(AccessLevel::Restricted);
    if (document.accessLevel == AccessLevel::Restricted && !mayReadRestricted)
        document.subjectHidden = true;
    else
        document.subject = row.value(4).toString();
    document.registrationStatus
        = registrationStatusFromName(row.value(6).toString()).value_or(RegistrationStatus::Active);
    document.registeredAt = Sql::toDateTime(row.value(7));
    return document;
}

} // namespace dms
