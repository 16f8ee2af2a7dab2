// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/ParticipantFeed.h"

#include "core/Clock.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/ChangeFeed.h"

#include <QHash>
#include <QJsonDocument>

namespace dms::exchange {

namespace {

const QString kEntity = QStringLiteral("exchange_participant");

} // namespace

Result<int> ParticipantFeed::publish(Database &database, const Clock &clock)
{
    auto tx = Transaction::begin(database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    // What the feed last said of each participant.
    auto published = Sql::exec(db,
                               QStringLiteral("SELECT entity_id, data FROM sync_change WHERE entity = ?"
                                              " ORDER BY seq"),
                               {kEntity});
    if (!published)
        return published.error();
    QHash<QString, QJsonObject> last;
    while (published->next())
        last.insert(published->value(0).toString(),
                    QJsonDocument::fromJson(published->value(1).toString().toUtf8()).object());
    published->finish();
    auto rows = Sql::exec(
        db, QStringLiteral("SELECT guid, identifier, name, active FROM exchange_participant ORDER BY guid"));
    if (!rows)
        return rows.error();
    const QDateTime now = clock.now().toUTC();
    QList<SyncChange> changes;
    QSet<QString> current;
    while (rows->next()) {
        const QString guid = rows->value(0).toString();
        current.insert(guid);
        const QJsonObject data {{QStringLiteral("guid"), guid},
                                {QStringLiteral("identifier"), rows->value(1).toString()},
                                {QStringLiteral("name"), rows->value(2).toString()},
                                {QStringLiteral("active"), rows->value(3).toInt() == 1}};
        if (last.value(guid) != data)
            changes.append({0, kEntity, guid, QStringLiteral("internal"), data, now});
    }
    rows->finish();
    for (auto it = last.cbegin(); it != last.cend(); ++it) {
        if (current.contains(it.key()) || !it.value().value(QStringLiteral("active")).toBool())
            continue;
        QJsonObject gone = it.value();
        gone.insert(QStringLiteral("active"), false);
        changes.append({0, kEntity, it.key(), QStringLiteral("internal"), gone, now});
    }
    if (changes.isEmpty())
        return 0;
    DMS_TRY(ChangeFeed::append(*tx, changes)); // last: see ChangeFeed
    DMS_TRY(tx->commit());
    return int(changes.size());
}

} // namespace dms::exchange
