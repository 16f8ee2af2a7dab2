// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SyncCommandApplier.h"

#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "services/CorrespondentService.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "storage/BlobStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/CaseCommands.h"
#include "sync/ChangeFeed.h"
#include "sync/ChangeNotifier.h"
#include "sync/NumberLeases.h"
#include "sync/SigningRouteCommands.h"
#include "sync/SyncExtensions.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dms {

namespace {

constexpr int kMaxProvisionalLength = 100;

QJsonObject errorJson(const Error &error)
{
    return {{QStringLiteral("code"), QLatin1String(errorCodeName(error.code))},
            {QStringLiteral("message"), error.message}};
}

SyncOutcome outcome(SyncOutcome::Kind kind, const QString &opId, const QJsonObject &body)
{
    QJsonObject json {{QStringLiteral("op_id"), opId}};
    switch (kind) {
    case SyncOutcome::Kind::Applied:
        json.insert(QStringLiteral("outcome"), QStringLiteral("applied"));
        json.insert(QStringLiteral("result"), body);
        break;
    case SyncOutcome::Kind::Rejected:
        json.insert(QStringLiteral("outcome"), QStringLiteral("rejected"));
        json.insert(QStringLiteral("error"), body);
        break;
    case SyncOutcome::Kind::Retry:
        json.insert(QStringLiteral("outcome"), QStringLiteral("retry"));
        json.insert(QStringLiteral("error"), body);
        break;
    }
    return {kind, json};
}

/** Failures of the server itself, not of the command: the desk should push again. */
bool isTransient(const Error &error)
{
    return error.code == ErrorCode::Storage || error.code == ErrorCode::Internal;
}

Result<NewRegistration> registrationFrom(const QJsonObject &payload)
{
    NewRegistration request;
    request.registerId = payload.value(QStringLiteral("register_id")).toString();
    request.caseId = payload.value(QStringLiteral("case_id")).toString();
    request.openCase = payload.value(QStringLiteral("open_case")).toBool();
    request.caseTitle = payload.value(QStringLiteral("case_title")).toString();
    const QJsonObject document = payload.value(QStringLiteral("document")).toObject();
    DocumentDraft &draft = request.document;
    draft.kind = document.value(QStringLiteral("kind")).toString();
    draft.subject = document.value(QStringLiteral("subject")).toString();
    draft.correspondentId = document.value(QStringLiteral("correspondent_id")).toString();
    draft.classificationId = document.value(QStringLiteral("classification_id")).toString();
    draft.fullText = document.value(QStringLiteral("full_text")).toString();
    draft.pageCount = document.value(QStringLiteral("page_count")).toInt();
    const auto channel
        = channelFromName(document.value(QStringLiteral("channel")).toString(QStringLiteral("counter")));
    const auto access = accessLevelFromName(
        document.value(QStringLiteral("access_level")).toString(QStringLiteral("internal")));
    if (!channel || !access)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The channel or the access level is not valid."));
    draft.channel = *channel;
    draft.accessLevel = *access;
    return request;
}

Result<Correspondent> correspondentFrom(const QJsonObject &payload)
{
    Correspondent c;
    const auto kind = correspondentKindFromName(payload.value(QStringLiteral("kind")).toString());
    if (!kind)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The kind of correspondent is not valid."));
    c.kind = *kind;
    c.name = payload.value(QStringLiteral("name")).toString();
    c.egn = payload.value(QStringLiteral("egn")).toString();
    c.eik = payload.value(QStringLiteral("eik")).toString();
    c.seosGuid = payload.value(QStringLiteral("seos_guid")).toString();
    c.address = payload.value(QStringLiteral("address")).toString();
    c.email = payload.value(QStringLiteral("email")).toString();
    c.phone = payload.value(QStringLiteral("phone")).toString();
    return c;
}

} // namespace

SyncCommandApplier::SyncCommandApplier(ServiceContext &context, ChangeNotifier &notifier, BlobStore &blobs,
                                       qint64 maxFileBytes, const SyncExtensions *extensions)
    : m_context(context)
    , m_notifier(notifier)
    , m_blobs(blobs)
    , m_maxFileBytes(maxFileBytes)
    , m_extensions(extensions)
{ }

Result<QList<SyncChange>> SyncCommandApplier::documentChanges(const QSqlDatabase &db,
                                                              const QString &documentId, const QDateTime &now)
{
    auto ids = Sql::exec(db, QStringLiteral("SELECT id FROM registration WHERE document_id = ? ORDER BY id"),
                         {documentId});
    if (!ids)
        return ids.error();
    QStringList registrations;
    while (ids->next())
        registrations << ids->value(0).toString();
    ids->finish();
    QList<SyncChange> changes;
    for (const QString &id : std::as_const(registrations)) {
        QString access;
        auto data = registrationData(db, id, &access);
        if (!data)
            return data.error();
        changes.append({0, QStringLiteral("registration"), id, access, *data, now});
    }
    return changes;
}

Result<QString> SyncCommandApplier::attachTarget(const QSqlDatabase &db, const Desk &desk,
                                                 const QJsonObject &payload)
{
    const QString documentId = payload.value(QStringLiteral("document_id")).toString();
    if (!documentId.isEmpty())
        return documentId;
    // A registration made on this desk, perhaps offline: its answer names the document.
    const QString opId = payload.value(QStringLiteral("registration_op_id")).toString();
    if (!Ids::isValid(opId))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file needs the document or the registration it belongs to."));
    auto row = Sql::exec(
        db, QStringLiteral("SELECT result FROM sync_processed_op WHERE op_id = ? AND desk_id = ?"),
        {opId, desk.id});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("The registration of this file is not known."), opId);
    const QJsonObject answer = QJsonDocument::fromJson(row->value(0).toString().toUtf8()).object();
    const QString target
        = answer.value(QStringLiteral("result")).toObject().value(QStringLiteral("document_id")).toString();
    if (target.isEmpty())
        return makeError(ErrorCode::InvalidState,
                         Tr::tr("The registration of this file was refused; the file cannot be kept."), opId);
    return target;
}

Result<QJsonObject> SyncCommandApplier::registrationData(const QSqlDatabase &db,
                                                         const QString &registrationId, QString *accessLevel)
{
    auto row = Sql::exec(
        db,
        QStringLiteral(
            "SELECT r.id, r.register_id, r.year, r.number, r.sub_number, r.reg_index, r.registered_at,"
            " r.document_id, r.status, r.annul_reason, d.kind, d.subject, d.access_level,"
            " cd.case_id, o.provisional_number, o.received_at_local, d.correspondent_id, d.channel,"
            " d.page_count, r.registered_by, r.annulled_at, r.annulled_by FROM registration r"
            " JOIN document d ON d.id = r.document_id"
            " LEFT JOIN case_document cd ON cd.document_id = r.document_id"
            " LEFT JOIN sync_offline_receipt o ON o.registration_id = r.id WHERE r.id = ?"),
        {registrationId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such registration."), registrationId);
    QJsonObject data {{QStringLiteral("id"), row->value(0).toString()},
                      {QStringLiteral("register_id"), row->value(1).toString()},
                      {QStringLiteral("year"), row->value(2).toInt()},
                      {QStringLiteral("number"), row->value(3).toLongLong()},
                      {QStringLiteral("sub_number"), row->value(4).toInt()},
                      {QStringLiteral("index"), row->value(5).toString()},
                      {QStringLiteral("registered_at"), row->value(6).toString()},
                      {QStringLiteral("document_id"), row->value(7).toString()},
                      {QStringLiteral("status"), row->value(8).toString()},
                      {QStringLiteral("kind"), row->value(10).toString()},
                      {QStringLiteral("subject"), row->value(11).toString()},
                      {QStringLiteral("access_level"), row->value(12).toString()}};
    if (!row->isNull(9))
        data.insert(QStringLiteral("annul_reason"), row->value(9).toString());
    if (!row->isNull(13))
        data.insert(QStringLiteral("case_id"), row->value(13).toString());
    if (!row->isNull(14)) {
        data.insert(QStringLiteral("provisional_number"), row->value(14).toString());
        data.insert(QStringLiteral("received_at_local"), row->value(15).toString());
    }
    // What a desk's register list shows (additive: older desks ignore them).
    data.insert(QStringLiteral("channel"), row->value(17).toString());
    data.insert(QStringLiteral("page_count"), row->value(18).toInt());
    data.insert(QStringLiteral("registered_by"), row->value(19).toString());
    if (!row->isNull(16))
        data.insert(QStringLiteral("correspondent_id"), row->value(16).toString());
    if (!row->isNull(20)) {
        data.insert(QStringLiteral("annulled_at"), row->value(20).toString());
        data.insert(QStringLiteral("annulled_by"), row->value(21).toString());
    }
    if (accessLevel)
        *accessLevel = row->value(12).toString();
    const QString documentId = row->value(7).toString();
    row->finish();
    // The files tell a desk what it may show or fetch by hash (additive: only when there are some).
    auto files = Sql::exec(db,
                           QStringLiteral("SELECT id, name, version, sha256, media_type, size, added_at"
                                          " FROM document_file WHERE document_id = ? ORDER BY name, version"),
                           {documentId});
    if (!files)
        return files.error();
    QJsonArray list;
    while (files->next())
        list.append(QJsonObject {{QStringLiteral("id"), files->value(0).toString()},
                                 {QStringLiteral("name"), files->value(1).toString()},
                                 {QStringLiteral("version"), files->value(2).toInt()},
                                 {QStringLiteral("sha256"), files->value(3).toString()},
                                 {QStringLiteral("media_type"), files->value(4).toString()},
                                 {QStringLiteral("size"), files->value(5).toLongLong()},
                                 {QStringLiteral("added_at"), files->value(6).toString()}});
    if (!list.isEmpty())
        data.insert(QStringLiteral("files"), list);
    // Where the document was sent over СЕОС and what the recipients answered
    // (exchange_sent_document, kept by the exchange module; additive: only when sent).
    auto sent = Sql::exec(
        db,
        QStringLiteral("SELECT s.recipient_guid, p.name, s.status, s.receiver_number, s.receiver_date,"
                       " s.rejection_reason, s.updated_at, s.document_guid FROM exchange_sent_document s"
                       " LEFT JOIN exchange_participant p ON p.guid = s.recipient_guid"
                       " WHERE s.document_id = ? ORDER BY s.updated_at, s.recipient_guid"),
        {documentId});
    if (!sent)
        return sent.error();
    QJsonArray exchange;
    while (sent->next()) {
        QJsonObject item {{QStringLiteral("recipient_guid"), sent->value(0).toString()},
                          {QStringLiteral("recipient_name"), sent->value(1).toString()},
                          {QStringLiteral("status"), sent->value(2).toString()},
                          {QStringLiteral("updated_at"), sent->value(6).toString()},
                          {QStringLiteral("document_guid"), sent->value(7).toString()}};
        if (!sent->isNull(3))
            item.insert(QStringLiteral("receiver_number"), sent->value(3).toString());
        if (!sent->isNull(4))
            item.insert(QStringLiteral("receiver_date"), sent->value(4).toString());
        if (!sent->isNull(5))
            item.insert(QStringLiteral("rejection_reason"), sent->value(5).toString());
        exchange.append(item);
    }
    if (!exchange.isEmpty())
        data.insert(QStringLiteral("exchange"), exchange);
    return data;
}

Result<SyncOutcome> SyncCommandApplier::stored(const Desk &desk, const QString &opId)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db, QStringLiteral("SELECT desk_id, result FROM sync_processed_op WHERE op_id = ?"),
                         {opId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, QString());
    if (row->value(0).toString() != desk.id)
        return outcome(SyncOutcome::Kind::Rejected, opId,
                       errorJson(makeError(ErrorCode::Conflict,
                                           Tr::tr("This command id was already used by another desk."))));
    const QJsonObject json = QJsonDocument::fromJson(row->value(1).toString().toUtf8()).object();
    const bool applied = json.value(QStringLiteral("outcome")).toString() == QLatin1String("applied");
    return SyncOutcome {applied ? SyncOutcome::Kind::Applied : SyncOutcome::Kind::Rejected, json};
}

SyncOutcome SyncCommandApplier::apply(const Desk &desk, const Session &session, const SyncCommand &command)
{
    const QString &opId = command.opId;
    if (!Ids::isValid(opId))
        return outcome(SyncOutcome::Kind::Rejected, opId,
                       errorJson(makeError(ErrorCode::InvalidInput,
                                           Tr::tr("Each command needs an op_id: a UUID in lower case."))));
    auto known = stored(desk, opId);
    if (known)
        return *known;
    if (known.error().code != ErrorCode::NotFound)
        return outcome(SyncOutcome::Kind::Retry, opId, errorJson(known.error()));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return outcome(SyncOutcome::Kind::Retry, opId, errorJson(tx.error()));
    const QDateTime now = m_context.clock.now().toUTC();

    // The service call, nested in this transaction as a savepoint.
    QJsonObject result;
    QList<SyncChange> changes;
    Error refusal;
    bool refused = false;
    auto refuse = [&](const Error &error) {
        refusal = error;
        refused = true;
    };
    auto addRegistrationChange = [&](const QString &registrationId) -> Status {
        QString access;
        auto data = registrationData(tx->connection(), registrationId, &access);
        if (!data)
            return data.error();
        changes.append({0, QStringLiteral("registration"), registrationId, access, *data, now});
        return {};
    };

    Status internal;
    if (command.kind == QLatin1String("registration.create")) {
        const QJsonObject provisional = command.payload.value(QStringLiteral("provisional")).toObject();
        const QString provisionalNumber = provisional.value(QStringLiteral("number")).toString();
        const QDateTime receivedLocal = QDateTime::fromString(
            provisional.value(QStringLiteral("received_at_local")).toString(), Qt::ISODateWithMs);
        auto request = registrationFrom(command.payload);
        const QJsonValue leased = command.payload.value(QStringLiteral("leased_number"));
        if (request && !leased.isUndefined()) {
            // A number from the desk's leased block: only inside an active lease of this desk.
            const qint64 number = leased.toInteger(0);
            const int year = command.payload.value(QStringLiteral("year")).toInt(0);
            if (number <= 0 || year <= 0)
                request = makeError(ErrorCode::InvalidInput,
                                    Tr::tr("A leased number needs its number and its year."));
            else if (Status covered
                     = NumberLeases::covers(tx->connection(), desk.id, request->registerId, year, number);
                     !covered)
                request = covered.error();
            else {
                request->reservedNumber = number;
                request->reservedYear = year;
            }
        }
        if (!request) {
            refuse(request.error());
        } else if (!provisional.isEmpty()
                   && (provisionalNumber.isEmpty() || provisionalNumber.size() > kMaxProvisionalLength
                       || !receivedLocal.isValid())) {
            refuse(makeError(ErrorCode::InvalidInput,
                             Tr::tr("A provisional entry needs its number and its local receipt time.")));
        } else {
            auto registration = RegistrationService(m_context).registerDocument(session, *request);
            if (!registration) {
                refuse(registration.error());
            } else {
                if (!provisional.isEmpty())
                    internal
                        = Sql::exec(
                              tx->connection(),
                              QStringLiteral("INSERT INTO sync_offline_receipt (registration_id, desk_id,"
                                             " provisional_number, received_at_local) VALUES (?, ?, ?, ?)"),
                              {registration->id, desk.id, provisionalNumber, Sql::toText(receivedLocal)})
                              .ok()
                        ? Status()
                        : Status(
                            makeError(ErrorCode::Storage, Tr::tr("Could not record the provisional entry.")));
                result = {{QStringLiteral("registration_id"), registration->id},
                          {QStringLiteral("document_id"), registration->documentId},
                          {QStringLiteral("index"), registration->index},
                          {QStringLiteral("year"), registration->year},
                          {QStringLiteral("number"), registration->number},
                          {QStringLiteral("registered_at"), Sql::toText(registration->registeredAt)}};
                if (!registration->caseId.isEmpty())
                    result.insert(QStringLiteral("case_id"), registration->caseId);
                if (internal)
                    internal = addRegistrationChange(registration->id);
            }
        }
    } else if (command.kind == QLatin1String("registration.annul")) {
        const QString id = command.payload.value(QStringLiteral("registration_id")).toString();
        const Status annulled = RegistrationService(m_context).annul(
            session, id, command.payload.value(QStringLiteral("reason")).toString());
        if (!annulled) {
            refuse(annulled.error());
        } else {
            result = {{QStringLiteral("registration_id"), id}};
            internal = addRegistrationChange(id);
        }
    } else if (command.kind == QLatin1String("correspondent.create")) {
        auto draft = correspondentFrom(command.payload);
        auto created = draft ? CorrespondentService(m_context).create(session, *draft) : draft;
        if (!created) {
            refuse(created.error());
        } else {
            result = {{QStringLiteral("correspondent_id"), created->id}};
            // Personal numbers never enter the feed.
            changes.append({0,
                            QStringLiteral("correspondent"),
                            created->id,
                            QStringLiteral("internal"),
                            {{QStringLiteral("id"), created->id},
                             {QStringLiteral("kind"), toName(created->kind)},
                             {QStringLiteral("name"), created->name},
                             {QStringLiteral("eik"), created->eik},
                             {QStringLiteral("seos_guid"), created->seosGuid}},
                            now});
        }
    } else if (command.kind == QLatin1String("document.attach_file")) {
        const QString sha256 = command.payload.value(QStringLiteral("sha256")).toString();
        const qint64 size = command.payload.value(QStringLiteral("size")).toInteger(-1);
        auto documentId = attachTarget(tx->connection(), desk, command.payload);
        auto blob = BlobStore::isValidName(sha256)
            ? m_blobs.open(sha256)
            : Result<std::unique_ptr<QFile>>(
                makeError(ErrorCode::InvalidInput, Tr::tr("The file's SHA-256 is not valid.")));
        if (!documentId) {
            refuse(documentId.error());
        } else if (!blob) {
            refuse(blob.error().code == ErrorCode::NotFound ? makeError(
                       ErrorCode::NotFound, Tr::tr("The file's content was not uploaded."), sha256)
                                                            : blob.error());
        } else if ((*blob)->size() > m_maxFileBytes) {
            refuse(makeError(ErrorCode::InvalidInput,
                             Tr::tr("The file is larger than the office accepts (%1 MB).")
                                 .arg(m_maxFileBytes / (1024 * 1024))));
        } else if (size >= 0 && (*blob)->size() != size) {
            refuse(makeError(ErrorCode::Corrupt, Tr::tr("The uploaded file does not have the size sent.")));
        } else {
            auto file
                = DocumentService(m_context, m_blobs)
                      .addStoredFile(session, *documentId,
                                     command.payload.value(QStringLiteral("name")).toString(),
                                     command.payload.value(QStringLiteral("media_type")).toString(), sha256);
            if (!file) {
                refuse(file.error());
            } else {
                auto registrationId = Sql::exec(
                    tx->connection(), QStringLiteral("SELECT id FROM registration WHERE document_id = ?"),
                    {*documentId});
                if (!registrationId) {
                    internal = registrationId.error();
                } else {
                    result = {{QStringLiteral("file_id"), file->id},
                              {QStringLiteral("document_id"), file->documentId},
                              {QStringLiteral("name"), file->name},
                              {QStringLiteral("version"), file->version},
                              {QStringLiteral("sha256"), file->sha256},
                              {QStringLiteral("size"), file->size}};
                    QStringList registrations;
                    while (registrationId->next())
                        registrations << registrationId->value(0).toString();
                    registrationId->finish();
                    for (const QString &id : std::as_const(registrations))
                        if (internal)
                            internal = addRegistrationChange(id);
                }
            }
        }
    } else if (CaseCommands::handles(command.kind)) {
        auto effect = CaseCommands::apply(m_context, tx->connection(), session, command, now);
        if (!effect) {
            refuse(effect.error());
        } else {
            result = effect->result;
            changes += effect->changes;
        }
    } else if (SigningRouteCommands::handles(command.kind)) {
        auto effect
            = SigningRouteCommands::apply(m_context, {tx->connection(), desk, session, command, now, m_blobs},
                                          m_extensions, m_maxFileBytes);
        if (!effect) {
            refuse(effect.error());
        } else {
            result = effect->result;
            changes += effect->changes;
        }
    } else if (auto handler = m_extensions ? m_extensions->find(command.kind) : nullptr) {
        auto effect = handler->apply({tx->connection(), desk, session, command, now, m_blobs});
        if (!effect) {
            refuse(effect.error());
        } else {
            result = effect->result;
            changes += effect->changes;
        }
    } else {
        refuse(makeError(ErrorCode::InvalidInput, Tr::tr("Unknown command kind."), command.kind));
    }

    if (refused && isTransient(refusal))
        return outcome(SyncOutcome::Kind::Retry, opId, errorJson(refusal));
    if (!internal)
        return outcome(SyncOutcome::Kind::Retry, opId, errorJson(internal.error()));

    const SyncOutcome answer = refused ? outcome(SyncOutcome::Kind::Rejected, opId, errorJson(refusal))
                                       : outcome(SyncOutcome::Kind::Applied, opId, result);
    Status recorded
        = Sql::exec(tx->connection(),
                    QStringLiteral("INSERT INTO sync_processed_op (op_id, desk_id, user_id, kind, outcome,"
                                   " result, client_time, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    {opId, desk.id, session.userId, command.kind.left(100),
                     refused ? QStringLiteral("rejected") : QStringLiteral("applied"),
                     QString::fromUtf8(QJsonDocument(answer.json).toJson(QJsonDocument::Compact)),
                     command.clientTime.isValid() ? QVariant(Sql::toText(command.clientTime)) : QVariant(),
                     Sql::toText(now)})
              .ok()
        ? Status()
        : Status(makeError(ErrorCode::Storage, QString()));
    if (recorded)
        recorded = ChangeFeed::append(*tx, changes); // last: see ChangeFeed
    if (recorded)
        recorded = tx->commit();
    if (!recorded) {
        tx->rollback();
        // The same command pushed twice at once: the other push stored it first.
        auto again = stored(desk, opId);
        if (again)
            return *again;
        return outcome(SyncOutcome::Kind::Retry, opId,
                       errorJson(makeError(ErrorCode::Storage,
                                           Tr::tr("The command could not be stored; push it "
                                                  "again."))));
    }
    if (!changes.isEmpty())
        m_notifier.published(changes.constLast().seq);
    return answer;
}

} // namespace dms
