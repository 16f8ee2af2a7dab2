// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop client on a large replica: time from opening the desk to an
// interactive main window (first page of the register list shown), the memory
// at that point, opening the incoming register and scrolling it. The baseline in
// the same run is the same start on a small office (1,000 entries): a lazy,
// indexed list makes both about equal. The desk is a server desk whose server
// is unreachable (it starts offline, as it may in the morning), so only the
// replica is read.
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_desktop_start [--count 1000000] [--dir DIR]
#include "MainWindow.h"
#include "RegisterModel.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "desk/DeskConnection.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace dms;

namespace {

class UnreachableTransport final : public SyncTransport
{
public:
    Result<SyncReply> send(const SyncRequest &) override
    {
        return makeError(ErrorCode::Network, QStringLiteral("no server in this benchmark"));
    }
};

double rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

DeskOptions optionsFor(const QString &path)
{
    DeskOptions options;
    options.replicaPath = path;
    options.retryIntervalMs = 60'000;
    return options;
}

std::unique_ptr<DeskConnection> openDesk(const QString &path, const Clock &clock)
{
    auto desk = DeskConnection::server([] { return std::make_unique<UnreachableTransport>(); }, clock,
                                       optionsFor(path));
    if (!desk) {
        std::fprintf(stderr, "%s\n", qPrintable(desk.error().toString()));
        return nullptr;
    }
    return std::move(*desk);
}

/** A replica as a desk has it after its first sync of `count` entries. */
bool fill(const QString &path, int count, const Clock &clock)
{
    auto desk = openDesk(path, clock);
    if (!desk)
        return false;
    auto tx = Transaction::begin(desk->local());
    if (!tx)
        return false;
    const QSqlDatabase &db = tx->connection();
    const QStringList registers {QStringLiteral("r-in"), QStringLiteral("r-req"), QStringLiteral("r-out")};
    const QStringList codes {QStringLiteral("ВК66"), QStringLiteral("ДИ05"), QStringLiteral("ИЗ01")};
    const QStringList kinds {QStringLiteral("incoming"), QStringLiteral("incoming"),
                             QStringLiteral("outgoing")};
    for (int i = 0; i < 3; ++i) {
        if (!Sql::exec(
                db,
                QStringLiteral("INSERT INTO desk_register (id, registry_id, registry_code, code, kind, name,"
                               " active) VALUES (?, 'soa', 'СОА', ?, ?, ?, 1)"),
                {registers[i], codes[i], kinds[i], codes[i]}))
            return false;
    }
    const QJsonObject login {{QStringLiteral("id"), QStringLiteral("u-admin")},
                             {QStringLiteral("login"), QStringLiteral("admin")},
                             {QStringLiteral("roles"), QJsonArray {QStringLiteral("administrator")}}};
    if (!Sql::exec(
            db,
            QStringLiteral("INSERT INTO sync_replica (entity, entity_id, seq, data) VALUES ('login', 'admin',"
                           " 0, ?)"),
            {QString::fromUtf8(QJsonDocument(login).toJson(QJsonDocument::Compact))}))
        return false;
    const QDateTime start(QDate(2020, 1, 2), QTime(8, 0), Qt::UTC);
    for (int i = 0; i < count; ++i) {
        const int reg = i % 3;
        const QString index = QStringLiteral("СОА20-%1-%2/02.01.2020").arg(codes[reg]).arg(i / 3 + 1);
        const QString subject = QStringLiteral("Заявление за издаване на удостоверение № %1").arg(i);
        if (!Sql::exec(
                db,
                QStringLiteral("INSERT INTO desk_registration (id, register_id, document_id, reg_index,"
                               " registered_at, kind, subject, channel, page_count, access_level, status,"
                               " registered_by, search_text) VALUES (?, ?, ?, ?, ?, 'Заявление', ?,"
                               " 'counter', 1, 'internal', 'active', 'u-admin', ?)"),
                {Ids::create(start), registers[reg], Ids::create(start), index,
                 Sql::toText(start.addSecs(i * 20)), subject,
                 DeskReplica::searchText({index, QStringLiteral("Заявление"), subject})}))
            return false;
    }
    return tx->commit().ok();
}

struct StartFigures
{
    double openMs = 0; ///< open the desk to an interactive window with its first page
    double rssMb = 0;
    double incomingMs = 0; ///< choose the incoming register
    double scrollMs = 0; ///< load up to 50 further pages (10,000 rows)
    int rows = 0; ///< rows of the incoming register loaded after scrolling
};

StartFigures start(const QString &path, const Clock &clock)
{
    StartFigures figures;
    QElapsedTimer timer;
    timer.start();
    auto desk = openDesk(path, clock);
    MainWindow window(*desk);
    window.setDatabaseDescription(path);
    (void)window.signIn(QStringLiteral("admin"));
    window.show();
    (void)QTest::qWaitForWindowExposed(&window);
    QApplication::processEvents();
    figures.openMs = double(timer.nsecsElapsed()) / 1e6;
    figures.rssMb = rssMb();
    if (window.registerModel()->rowCount() == 0)
        std::fprintf(stderr, "the list is empty!\n");
    timer.restart();
    window.selectRegister(QStringLiteral("r-in"));
    QApplication::processEvents();
    figures.incomingMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    for (int i = 0; i < 50; ++i)
        window.registerModel()->fetchMore({});
    figures.scrollMs = double(timer.nsecsElapsed()) / 1e6;
    figures.rows = window.registerModel()->rowCount();
    desk->stop();
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    int count = 1'000'000;
    QString dirPath;
    const QStringList args = QApplication::arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--count"))
            count = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dirPath = args[i + 1];
    }
    QTemporaryDir temp(dirPath.isEmpty() ? QDir::tempPath() + QStringLiteral("/bench_desktop_XXXXXX")
                                         : dirPath + QStringLiteral("/bench_desktop_XXXXXX"));
    SystemClock clock;
    const QString small = temp.filePath(QStringLiteral("small.db"));
    const QString large = temp.filePath(QStringLiteral("large.db"));
    QElapsedTimer timer;
    timer.start();
    if (!fill(small, 1000, clock) || !fill(large, count, clock))
        return 1;
    std::printf("replicas made in %.1f s (1,000 and %d entries)\n", double(timer.elapsed()) / 1000.0, count);
    const StartFigures baseline = start(small, clock);
    const StartFigures big = start(large, clock);
    std::printf("%-28s %12s %12s\n", "", "1,000", qPrintable(QString::number(count)));
    std::printf("%-28s %12.1f %12.1f\n", "open to interactive (ms)", baseline.openMs, big.openMs);
    std::printf("%-28s %12.1f %12.1f\n", "RSS at that point (MB)", baseline.rssMb, big.rssMb);
    std::printf("%-28s %12.1f %12.1f\n", "incoming register (ms)", baseline.incomingMs, big.incomingMs);
    std::printf("%-28s %12.1f %12.1f\n", "50 more pages (ms)", baseline.scrollMs, big.scrollMs);
    std::printf("%-28s %12d %12d\n", "rows loaded", baseline.rows, big.rows);
    return 0;
}
