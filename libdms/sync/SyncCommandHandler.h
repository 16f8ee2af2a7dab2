// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "sync/CommandEffect.h"

#include <QDateTime>
#include <QSqlDatabase>

namespace dms {

class BlobStore;
struct Desk;
struct SyncCommand;

/** Everything a command handler may use, valid for the duration of apply(). */
struct SyncCommandContext
{
    /** The connection of the command's transaction: write only through it. */
    const QSqlDatabase &db;
    const Desk &desk;
    const Session &session;
    const SyncCommand &command;
    QDateTime now; ///< UTC
    /** The office's file store (read only here). */
    BlobStore &blobs;
};

/** A sync command kind that a module above libdms applies (e.g. "exchange.send"
 *  of the СЕОС exchange), registered in SyncExtensions by the program that has
 *  the module, so that libdms never depends on it.
 *
 *  apply() runs inside SyncCommandApplier's transaction (nested calls of
 *  Transaction::begin become savepoints), before the command's answer and its
 *  feed rows are stored: the op_id idempotence and stored answers apply as for
 *  every command. A refusal is returned as the error (stored as "rejected");
 *  Storage/Internal errors make the desk push again. Must be thread-safe. */
class SyncCommandHandler
{
public:
    virtual ~SyncCommandHandler() = default;
    virtual Result<CommandEffect> apply(const SyncCommandContext &context) = 0;
};

} // namespace dms
