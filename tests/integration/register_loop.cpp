// SPDX-License-Identifier: GPL-3.0-or-later
// Helper of tst_CrashSafety: registers documents as the clerk, one committed
// transaction at a time, and acknowledges each on stdout only after its commit,
// so that whatever it printed before being killed must survive in the database.
//
//   register_loop <sqlite file> <register id> [--count N] [--durability full|normal]
//
// Prints "ready" once the database is open, then "<number>\t<index>\t<id>" per
// registration. Exits 0 after N registrations (default: until killed), 1 on error.

#include "core/Clock.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

using namespace dms;

namespace {

void acknowledge(const QByteArray &line)
{
    // One write of a short line is atomic on a pipe: the reader never sees half a line.
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

int fail(const QString &what)
{
    std::fprintf(stderr, "register_loop: %s\n", what.toUtf8().constData());
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments().mid(1);
    qint64 count = -1;
    DatabaseConfig config;
    config.engine = DatabaseConfig::Engine::Sqlite;
    config.durability = DatabaseConfig::Durability::Full;
    QStringList positional;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--count") && i + 1 < args.size()) {
            count = args[++i].toLongLong();
        } else if (args[i] == QLatin1String("--durability") && i + 1 < args.size()) {
            config.durability = args[++i] == QLatin1String("normal") ? DatabaseConfig::Durability::Normal
                                                                     : DatabaseConfig::Durability::Full;
        } else {
            positional << args[i];
        }
    }
    if (positional.size() != 2)
        return fail(QStringLiteral("usage: register_loop <sqlite file> <register id> [--count N]"
                                   " [--durability full|normal]"));
    config.path = positional[0];
    const QString registerId = positional[1];

    auto database = Database::open(config, Database::Migration::CheckOnly);
    if (!database)
        return fail(database.error().toString());
    SystemClock clock;
    ServiceContext context {**database, clock};
    UserService users(context);
    auto session = users.sessionFor(QStringLiteral("clerk"));
    if (!session)
        return fail(session.error().toString());
    RegistrationService registrations(context);
    acknowledge("ready\n");

    for (qint64 i = 0; count < 0 || i < count; ++i) {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Заявление");
        request.document.subject = QStringLiteral("Заявление за достъп до информация № %1").arg(i + 1);
        request.document.channel = Channel::Counter;
        request.document.pageCount = 1 + int(i % 5);
        request.document.fullText
            = QStringLiteral("Моля да ми бъде предоставена информация за ремонта на ул. "
                             "„Граф Игнатиев“ (%1).")
                  .arg(i);
        auto entry = registrations.registerDocument(*session, request);
        if (!entry)
            return fail(entry.error().toString());
        acknowledge(QStringLiteral("%1\t%2\t%3\n").arg(entry->number).arg(entry->index, entry->id).toUtf8());
    }
    return 0;
}
