// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An embedded desk over a test's office database (TempDatabase, SQLite or
// PostgreSQL): its replica in a temporary folder, signed in and syncing, so GUI
// tests read exactly what the desktop client reads in production.

#include "TempDatabase.h"
#include "desk/DeskConnection.h"
#include "storage/Database.h"
#include "sync/ChangeFeed.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace dms {

class EmbeddedDesk
{
public:
    /** Null (with a warning) when the desk cannot be opened. */
    static std::unique_ptr<EmbeddedDesk> open(TempDatabase &db,
                                              const QString &deskCode = QStringLiteral("Т1"))
    {
        auto desk = std::unique_ptr<EmbeddedDesk>(new EmbeddedDesk);
        DeskOptions options;
        options.replicaPath = desk->m_dir.filePath(QStringLiteral("replica.db"));
        options.deskCode = deskCode;
        options.pollWaitSeconds = 1;
        options.retryIntervalMs = 100;
        options.timeZone = db.context().timeZone;
        auto made = DeskConnection::embedded(db.shared(), db.clock, options);
        if (!made) {
            qWarning("desk: %s", qPrintable(made.error().toString()));
            return nullptr;
        }
        desk->connection = std::move(*made);
        return desk;
    }

    /** Publishes what the office wrote directly (DemoData, services) and waits
     *  until the replica has it all; the desk must be signed in. */
    bool sync(int timeoutMs = 30'000)
    {
        auto published = connection->publishOfficeData();
        if (!published) {
            qWarning("publish: %s", qPrintable(published.error().toString()));
            return false;
        }
        return QTest::qWaitFor([this] { return connection->isCaughtUp(); }, timeoutMs);
    }

    std::unique_ptr<DeskConnection> connection;

private:
    EmbeddedDesk() = default;
    QTemporaryDir m_dir;
};

} // namespace dms
