// SPDX-License-Identifier: GPL-3.0-or-later
// Open-data export of a large municipal register (CSV and JSON) against the
// sqlite3 command-line shell's CSV output of the same query, in the same run.
//
//   build/tests/bench/bench_export                  # 1,000,000 entries
//   build/tests/bench/bench_export --count 100000 --dir /var/tmp/bench
//   build/tests/bench/bench_export --dir /var/tmp/bench --reuse   # keep a filled database
#include "BenchDatabase.h"
#include "opendata/MunicipalRegisterExporter.h"
#include "registers/MunicipalRegisterService.h"
#include "services/UserService.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>

using namespace dms;

namespace {

const char *kDefinition = R"({
    "code": "permits", "title": "Регистър на разрешителните за строеж", "fields": [
        {"name": "permit_no", "label": "Номер", "type": "text", "required": true},
        {"name": "holder", "label": "Титуляр", "type": "text"},
        {"name": "holder_egn", "label": "ЕГН", "type": "egn"},
        {"name": "company_eik", "label": "ЕИК", "type": "eik"},
        {"name": "issued_on", "label": "Издадено", "type": "date", "required": true},
        {"name": "floors", "label": "Етажи", "type": "integer"},
        {"name": "fee", "label": "Такса", "type": "decimal"},
        {"name": "active", "label": "Действащо", "type": "boolean"},
        {"name": "zone", "label": "Зона", "type": "enum", "values": ["А", "Б", "В"]},
        {"name": "internal_note", "label": "Бележка", "type": "text", "public": false}]})";

const QStringList kHolders {QStringLiteral("Иван Петров"), QStringLiteral("„Строй, Монтаж“ ООД"),
                            QStringLiteral("Мария \"Мими\" Георгиева"), QStringLiteral("ЕТ Васил Иванов")};

/** User + system CPU seconds of this process (RUSAGE_SELF) or of its waited-for children. */
double cpuSeconds(int who)
{
    rusage usage {};
    getrusage(who, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void report(const char *name, qint64 ms, double cpu, qint64 bytes, qint64 count)
{
    std::printf("%-36s %7.2f s wall %7.2f s CPU %8.1f MB %10.0f entries/s\n", name, ms / 1000.0, cpu,
                bytes / 1e6, ms > 0 ? count * 1000.0 / ms : 0.0);
}

void printLoad()
{
    double load[3] = {};
    if (getloadavg(load, 3) == 3)
        std::printf("load average: %.2f %.2f %.2f (%d CPUs)\n", load[0], load[1], load[2],
                    QThread::idealThreadCount());
}

int fail(const QString &what)
{
    std::fprintf(stderr, "bench_export: %s\n", qPrintable(what));
    return 2;
}

/** Runs sqlite3 -csv with its output to `out`; the elapsed milliseconds, or -1. */
qint64 runSqlite3(const QString &db, const QString &sql, const QString &out)
{
    QProcess process;
    process.setStandardOutputFile(out);
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral("sqlite3"), {QStringLiteral("-csv"), QStringLiteral("-header"), db, sql});
    if (!process.waitForFinished(600'000) || process.exitCode() != 0)
        return -1;
    return timer.elapsed();
}

/** Fills the register "permits" with `count` entries: straight SQL in one
 *  transaction (the services journal every entry; not what is measured here). */
Status fill(BenchDatabase &db, qint64 count)
{
    UserService users(db.context());
    auto admin = users.sessionFor(QStringLiteral("admin"));
    if (!admin)
        return admin.error();
    auto definitionInput
        = MunicipalRegisterDefinition::fromJson(QJsonDocument::fromJson(kDefinition).object());
    if (!definitionInput)
        return definitionInput.error();
    MunicipalRegisterService registers(db.context());
    auto definition = registers.define(*admin, *definitionInput);
    if (!definition)
        return definition.error();
    auto tx = Transaction::begin(db.database());
    if (!tx)
        return tx.error();
    const QString now = Sql::toText(QDateTime::currentDateTimeUtc());
    const QString insert
        = QStringLiteral("INSERT INTO municipal_register_entry (id, register_id, number, field_values, "
                         "version, created_at, created_by, modified_at, modified_by)"
                         " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)");
    for (qint64 n = 1; n <= count; ++n) {
        const QJsonObject values {
            {QStringLiteral("permit_no"), QStringLiteral("РС-%1/2026").arg(n)},
            {QStringLiteral("holder"), kHolders.at(n % kHolders.size())},
            {QStringLiteral("holder_egn"), QStringLiteral("7501010010")},
            {QStringLiteral("company_eik"), QStringLiteral("000695089")},
            {QStringLiteral("issued_on"), QDate(2020, 1, 1).addDays(n % 2000).toString(Qt::ISODate)},
            {QStringLiteral("floors"), n % 17},
            {QStringLiteral("fee"),
             QStringLiteral("%1.%2").arg(100 + n % 900).arg(n % 100, 2, 10, QLatin1Char('0'))},
            {QStringLiteral("active"), n % 3 != 0},
            {QStringLiteral("zone"), n % 2 ? QStringLiteral("А") : QStringLiteral("Б")},
            {QStringLiteral("internal_note"), QStringLiteral("проверка, \"бележка\" %1").arg(n)}};
        DMS_TRY(Sql::exec(tx->connection(), insert,
                          {QStringLiteral("e%1").arg(n), definition->id, n,
                           QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact)), now,
                           db.clerkUserId, now, db.clerkUserId}));
    }
    DMS_TRY(Sql::exec(tx->connection(),
                      QStringLiteral("UPDATE municipal_register SET last_number = ? WHERE id = ?"),
                      {count, definition->id}));
    return tx->commit();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    qint64 count = 1'000'000;
    QString dirPath;
    bool reuse = false;
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--count") && i + 1 < args.size())
            count = args.at(++i).toLongLong();
        else if (args.at(i) == QLatin1String("--dir") && i + 1 < args.size())
            dirPath = args.at(++i);
        else if (args.at(i) == QLatin1String("--reuse"))
            reuse = true;
        else
            return fail(QStringLiteral("usage: bench_export [--count N] [--dir DIR] [--reuse]"));
    }
    if (count <= 0)
        return fail(QStringLiteral("--count must be positive"));
    QTemporaryDir temporary;
    const QDir dir(dirPath.isEmpty() ? temporary.path() : dirPath);
    const QString dbPath = dir.filePath(QStringLiteral("bench_export.db"));
    if (!reuse) {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(dbPath + suffix);
    }
    if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
        return fail(QStringLiteral("the sqlite3 shell is needed (Debian: sqlite3)"));

    DatabaseConfig config;
    config.path = dbPath;
    config.durability = DatabaseConfig::Durability::Normal;
    auto bench = BenchDatabase::open(config);
    if (!bench)
        return fail(bench.error().toString());
    BenchDatabase &db = **bench;
    std::printf("bench_export: %lld entries, SQLite %s\n", static_cast<long long>(count), qPrintable(dbPath));
    printLoad();
    QElapsedTimer timer;
    MunicipalRegisterExporter exporter(db.database());
    auto existing = exporter.definition(QStringLiteral("permits"));
    if (existing && existing->entryCount != count)
        return fail(QStringLiteral("%1 holds %2 entries, not %3: run without --reuse")
                        .arg(dbPath)
                        .arg(existing->entryCount)
                        .arg(count));
    if (!existing) {
        timer.start();
        if (const Status filled = fill(db, count); !filled)
            return fail(filled.error().toString());
        report("fill (one transaction)", timer.elapsed(), cpuSeconds(RUSAGE_SELF), QFileInfo(dbPath).size(),
               count);
    }

    auto loaded = exporter.definition(QStringLiteral("permits"));
    if (!loaded)
        return fail(loaded.error().toString());
    const auto exportTo = [&](const char *name, const QString &file, bool csv) -> int {
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly))
            return fail(out.errorString());
        const double cpu = cpuSeconds(RUSAGE_SELF);
        timer.restart();
        const Status written = csv ? exporter.writeCsv(*loaded, out) : exporter.writeJson(*loaded, out);
        out.close();
        if (!written)
            return fail(written.error().toString());
        report(name, timer.elapsed(), cpuSeconds(RUSAGE_SELF) - cpu, QFileInfo(file).size(), count);
        return 0;
    };
    if (int status = exportTo("delovod export CSV", dir.filePath(QStringLiteral("permits.csv")), true))
        return status;
    if (int status = exportTo("delovod export JSON", dir.filePath(QStringLiteral("permits.json")), false))
        return status;
    db.close();

    // The baseline: the sqlite3 shell's CSV of the same query, raw and with the same columns.
    const QString id = loaded->id;
    const QString raw = QStringLiteral("SELECT number, field_values FROM municipal_register_entry"
                                       " WHERE register_id = '%1' ORDER BY number")
                            .arg(id);
    QStringList columns {QStringLiteral("number")};
    for (const auto &field : loaded->exportedFields())
        columns << QStringLiteral("json_extract(field_values, '$.%1') AS %1").arg(field.name);
    const QString extracted
        = QStringLiteral("SELECT %1 FROM municipal_register_entry WHERE register_id = '%2'"
                         " ORDER BY number")
              .arg(columns.join(QStringLiteral(", ")), id);
    const QString rawOut = dir.filePath(QStringLiteral("sqlite3-raw.csv"));
    const QString extractedOut = dir.filePath(QStringLiteral("sqlite3-columns.csv"));
    const double cpuBefore = cpuSeconds(RUSAGE_CHILDREN);
    const qint64 rawMs = runSqlite3(dbPath, raw, rawOut);
    const double rawCpu = cpuSeconds(RUSAGE_CHILDREN) - cpuBefore;
    const qint64 extractedMs = runSqlite3(dbPath, extracted, extractedOut);
    const double extractedCpu = cpuSeconds(RUSAGE_CHILDREN) - cpuBefore - rawCpu;
    if (rawMs < 0 || extractedMs < 0)
        return fail(QStringLiteral("sqlite3 failed"));
    report("sqlite3 -csv (number, values JSON)", rawMs, rawCpu, QFileInfo(rawOut).size(), count);
    report("sqlite3 -csv (json_extract columns)", extractedMs, extractedCpu, QFileInfo(extractedOut).size(),
           count);
    printLoad();
    return 0;
}
