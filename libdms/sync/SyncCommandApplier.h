// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "sync/DeskDirectory.h"
#include "sync/SyncMessages.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace dms {

struct ServiceContext;
class ChangeNotifier;
class BlobStore;
class SyncExtensions;

/** A command pushed by a desk, identified by the UUID the desk made for it. */
struct SyncCommand
{
    QString opId;
    QString kind; ///< "registration.create", "registration.annul", "correspondent.create",
                  ///< "document.attach_file"
    QJsonObject payload;
    QDateTime clientTime;
};

/** What became of a command, as returned to the desk:
 *  {"op_id","outcome":"applied","result":{…}} or
 *  {"op_id","outcome":"rejected","error":{"code","message"}} (both stored and
 *  replayed unchanged) or {"op_id","outcome":"retry","error":{…}} when the server
 *  could not decide (storage unavailable): nothing was stored, push again. */
struct SyncOutcome
{
    enum class Kind { Applied, Rejected, Retry };
    Kind kind = Kind::Retry;
    QJsonObject json;
};

/** Applies pushed commands through the core services, exactly once.
 *
 *  Each command runs in one transaction that holds the service call (nested as a
 *  savepoint, so the service's own checks, numbering and journal apply unchanged),
 *  the command's stored result (sync_processed_op) and its change-feed rows,
 *  appended last. A command refused by the service (permission, validation,
 *  state) is stored as rejected with its error; a replay of a known op_id returns
 *  the stored answer without touching anything. Numbers are issued here, on the
 *  server, in the registration transaction; a desk's provisional entry keeps its
 *  local receipt time in sync_offline_receipt. A registration carrying a
 *  "leased_number" (and "year") is taken only inside an active lease of the
 *  pushing desk (NumberLeases::covers, in the same transaction).
 *  "document.attach_file" records a blob the desk uploaded before (BlobUploads)
 *  as a file version of a document named by "document_id" or by the op_id of
 *  the desk's own registration command ("registration_op_id"), through
 *  DocumentService::addStoredFile; a blob not in the store, larger than
 *  `maxFileBytes` or of another size than the payload says is refused. Other
 *  kinds go to the handler `extensions` has for them (SyncCommandHandler, e.g.
 *  "exchange.send" when the server runs the СЕОС exchange), in the same
 *  transaction; a kind nobody handles is refused. Thread-safe. */
class SyncCommandApplier
{
public:
    /** @p extensions (may be null) must outlive the applier. */
    SyncCommandApplier(ServiceContext &context, ChangeNotifier &notifier, BlobStore &blobs,
                       qint64 maxFileBytes, const SyncExtensions *extensions = nullptr);

    SyncOutcome apply(const Desk &desk, const Session &session, const SyncCommand &command);

    /** The published form of a registration (entity "registration" of the feed). */
    static Result<QJsonObject> registrationData(const QSqlDatabase &db, const QString &registrationId,
                                                QString *accessLevel);

    /** The document a payload names by "document_id" or by "registration_op_id"
     *  (the op_id of this desk's registration command, resolved through its
     *  stored answer): NotFound, InvalidInput (neither), InvalidState (refused). */
    static Result<QString> attachTarget(const QSqlDatabase &db, const Desk &desk, const QJsonObject &payload);
    /** The feed changes of every registration of @p documentId (its files or
     *  exchange status changed). */
    static Result<QList<SyncChange>> documentChanges(const QSqlDatabase &db, const QString &documentId,
                                                     const QDateTime &now);

private:
    Result<SyncOutcome> stored(const Desk &desk, const QString &opId);

    ServiceContext &m_context;
    ChangeNotifier &m_notifier;
    BlobStore &m_blobs;
    qint64 m_maxFileBytes;
    const SyncExtensions *m_extensions;
};

} // namespace dms
