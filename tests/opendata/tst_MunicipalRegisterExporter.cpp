// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "opendata/JsonText.h"
#include "opendata/MunicipalRegisterExporter.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QBuffer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

const QString kTrickyHolder = QStringLiteral("Иван \"Ванката\" Петров, ЕТ\r\n„Строй“ ООД, ул. 'Шипка' 5");

/** Reads a CSV file with Python's csv module and prints its rows as JSON. */
const QString kCsvToJson = QStringLiteral("import csv, json, sys\n"
                                          "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                                          "    rows = list(csv.reader(f, strict=True))\n"
                                          "sys.stdout.write(json.dumps(rows, ensure_ascii=True))\n");

/** Validates each of argv[2:] against the JSON Schema argv[1] (draft 2020-12,
 *  formats checked); prints one line per file: "valid" or "invalid: <reason>". */
const QString kValidate = QStringLiteral(
    "import json, sys\n"
    "try:\n"
    "    import jsonschema\n"
    "except ImportError:\n"
    "    sys.exit(77)\n"
    "schema = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "jsonschema.Draft202012Validator.check_schema(schema)\n"
    "v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())\n"
    "for path in sys.argv[2:]:\n"
    "    errors = list(v.iter_errors(json.load(open(path, encoding='utf-8'))))\n"
    "    print('invalid: ' + errors[0].message if errors else 'valid')\n");

QByteArray writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        qFatal("cannot write %s", qPrintable(path));
    return data;
}

} // namespace

class tst_MunicipalRegisterExporter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static bool fill(TempDatabase &db)
    {
        MunicipalRegisterService registers(db.context());
        if (!registers.define(db.admin, OpenDataFixture::permitsDefinition()).ok())
            return false;
        MunicipalRegisterEntryService entries(db.context());
        const QList<QJsonObject> values {
            {{QStringLiteral("permit_no"), QStringLiteral("РС-1/2026")},
             {QStringLiteral("holder"), kTrickyHolder},
             {QStringLiteral("holder_egn"), QStringLiteral("7501010010")},
             {QStringLiteral("company_eik"), QStringLiteral("000695089")},
             {QStringLiteral("issued_on"), QStringLiteral("2026-12-01")},
             {QStringLiteral("floors"), 12},
             {QStringLiteral("fee"), QStringLiteral("1500,05")},
             {QStringLiteral("active"), true},
             {QStringLiteral("zone"), QStringLiteral("А")},
             {QStringLiteral("internal_note"), QStringLiteral("ТАЙНА-БЕЛЕЖКА")}},
            {{QStringLiteral("permit_no"), QStringLiteral("РС-2/2026")},
             {QStringLiteral("issued_on"), QStringLiteral("02.12.2026")},
             {QStringLiteral("active"), QStringLiteral("не")}},
        };
        for (const QJsonObject &entry : values) {
            auto added = entries.add(db.clerk, QStringLiteral("permits"), entry);
            if (!added) {
                qWarning("fill: %s", qPrintable(added.error().toString()));
                return false;
            }
        }
        return true;
    }

    QByteArray exportCsv(TempDatabase &db)
    {
        MunicipalRegisterExporter exporter(db.database());
        auto definition = exporter.definition(QStringLiteral("permits"));
        if (!definition)
            return {};
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        if (!exporter.writeCsv(*definition, buffer).ok())
            return {};
        return buffer.data();
    }

    QByteArray exportJson(TempDatabase &db)
    {
        MunicipalRegisterExporter exporter(db.database());
        auto definition = exporter.definition(QStringLiteral("permits"));
        if (!definition)
            return {};
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const Status written = exporter.writeJson(*definition, buffer);
        if (!written) {
            qWarning("writeJson: %s", qPrintable(written.error().toString()));
            return {};
        }
        return buffer.data();
    }

    /** Adds entry `number` with these stored values straight into the table, as
     *  a damaged or hand-edited database might hold them. */
    static bool insertStored(TempDatabase &db, qint64 number, const QVariant &storedValues)
    {
        MunicipalRegisterExporter exporter(db.database());
        auto definition = exporter.definition(QStringLiteral("permits"));
        if (!definition)
            return false;
        auto tx = Transaction::begin(db.database());
        if (!tx)
            return false;
        const auto inserted = Sql::exec(
            tx->connection(),
            QStringLiteral("INSERT INTO municipal_register_entry (id, register_id, number, field_values,"
                           " version, created_at, created_by, modified_at, modified_by)"
                           " VALUES (?, ?, ?, ?, 1, 'x', ?, 'x', ?)"),
            {QStringLiteral("stored-%1").arg(number), definition->id, number, storedValues, db.clerk.userId,
             db.clerk.userId});
        if (!inserted) {
            qWarning("insertStored: %s", qPrintable(inserted.error().toString()));
            return false;
        }
        return tx->commit().ok();
    }

    static QList<QStringList> parseCsv(const QByteArray &csv, const QString &path)
    {
        writeFile(path, csv);
        const auto run = OpenDataFixture::runPython(kCsvToJson, {path});
        if (run.exitCode != 0)
            qWarning("csv: %s", run.err.constData());
        QList<QStringList> rows;
        for (const QJsonValue &row : QJsonDocument::fromJson(run.out).array()) {
            QStringList cells;
            for (const QJsonValue &cell : row.toArray())
                cells << cell.toString();
            rows << cells;
        }
        return rows;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void csvLeavesOutPersonalAndInternalFields()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        const QByteArray csv = exportCsv(db);
        QVERIFY(!csv.isEmpty());
        QVERIFY(csv.startsWith("number,permit_no,holder,company_eik,issued_on,floors,fee,active,zone\r\n"));
        QVERIFY(!csv.startsWith("\xEF\xBB\xBF")); // no byte-order mark
        QVERIFY(csv.endsWith("\r\n"));
        QVERIFY(!csv.contains("7501010010"));
        QVERIFY(!csv.contains("egn"));
        QVERIFY(!csv.contains("internal_note"));
        QVERIFY(!csv.contains(QStringLiteral("ТАЙНА").toUtf8()));
        QVERIFY(csv.contains("2,РС-2/2026,,,2026-12-02,,,false,\r\n")
                || csv.contains(QStringLiteral("2,РС-2/2026,,,2026-12-02,,,false,\r\n").toUtf8()));
    }

    void csvRoundTripsThroughPythonsParser()
    {
        if (!OpenDataFixture::hasPythonModule(QStringLiteral("csv")))
            QSKIP("python3 is not installed");
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        const QString path = m_dir.filePath(QStringLiteral("permits.csv"));
        writeFile(path, exportCsv(db));
        const auto run = OpenDataFixture::runPython(kCsvToJson, {path});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonArray rows = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(rows.size(), 3);
        const auto row = [&rows](int i) {
            QStringList cells;
            for (const QJsonValue &cell : rows.at(i).toArray())
                cells << cell.toString();
            return cells;
        };
        QCOMPARE(
            row(1),
            (QStringList {QStringLiteral("1"), QStringLiteral("РС-1/2026"), kTrickyHolder,
                          QStringLiteral("000695089"), QStringLiteral("2026-12-01"), QStringLiteral("12"),
                          QStringLiteral("1500.05"), QStringLiteral("true"), QStringLiteral("А")}));
        QCOMPARE(row(2),
                 (QStringList {QStringLiteral("2"), QStringLiteral("РС-2/2026"), QString(), QString(),
                               QStringLiteral("2026-12-02"), QString(), QString(), QStringLiteral("false"),
                               QString()}));
    }

    void jsonValidatesAgainstItsSchema()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        const QByteArray json = exportJson(db);
        QJsonParseError error;
        const QJsonObject document = QJsonDocument::fromJson(json, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(!json.contains("7501010010"));
        QVERIFY(!json.contains("egn"));
        QVERIFY(!json.contains(QStringLiteral("ТАЙНА").toUtf8()));
        const QJsonArray entries = document.value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 2);
        const QJsonObject first = entries.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("number")).toInteger(), qint64(1));
        QCOMPARE(first.value(QStringLiteral("holder")).toString(), kTrickyHolder);
        QCOMPARE(first.value(QStringLiteral("fee")).toDouble(), 1500.05);
        QVERIFY(json.contains("\"fee\":1500.05")); // the stored digits, as a JSON number
        QCOMPARE(first.value(QStringLiteral("floors")).toInteger(), qint64(12));
        QCOMPARE(first.value(QStringLiteral("active")).toBool(), true);
        QVERIFY(!entries.at(1).toObject().contains(QStringLiteral("holder")));

        const QJsonObject schema = MunicipalRegisterExporter::jsonSchema(
            OpenDataFixture::permitsDefinition(), QStringLiteral("https://example.org/permits.schema.json"));
        const QString schemaPath = m_dir.filePath(QStringLiteral("permits.schema.json"));
        writeFile(schemaPath, QJsonDocument(schema).toJson());
        QStringList files {m_dir.filePath(QStringLiteral("permits.json"))};
        writeFile(files.constFirst(), json);
        // The schema is strict: an ЕГН property, a wrong type or a missing required value fail it.
        const QList<std::pair<QString, QJsonValue>> mistakes {
            {QStringLiteral("holder_egn"), QStringLiteral("7501010010")},
            {QStringLiteral("floors"), QStringLiteral("12")},
            {QStringLiteral("issued_on"), QStringLiteral("01.12.2026")},
            {QStringLiteral("zone"), QStringLiteral("Я")},
            {QStringLiteral("company_eik"), QStringLiteral("12345")},
            {QStringLiteral("permit_no"), QJsonValue(QJsonValue::Undefined)}};
        for (const auto &[property, value] : mistakes) {
            QJsonObject bad = document;
            QJsonArray badEntries = entries;
            QJsonObject entry = badEntries.at(0).toObject();
            if (value.isUndefined())
                entry.remove(property);
            else
                entry.insert(property, value);
            badEntries[0] = entry;
            bad.insert(QStringLiteral("entries"), badEntries);
            files << m_dir.filePath(property + QStringLiteral(".json"));
            writeFile(files.constLast(), QJsonDocument(bad).toJson());
        }
        if (OpenDataFixture::python().isEmpty())
            QSKIP("python3 is not installed");
        const auto run = OpenDataFixture::runPython(kValidate, QStringList {schemaPath} + files);
        if (run.exitCode == 77)
            QSKIP("python3-jsonschema is not installed");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> verdicts = run.out.trimmed().split('\n');
        QCOMPARE(verdicts.size(), files.size());
        QVERIFY2(verdicts.at(0) == "valid", verdicts.at(0).constData());
        for (qsizetype i = 1; i < verdicts.size(); ++i)
            QVERIFY2(verdicts.at(i).startsWith("invalid"), qPrintable(files.at(i)));
    }

    /** Values stored by other writers than Qt's (spaces, escapes, other number
     *  forms, nulls) and every character CSV and JSON must take care of. */
    void storedEdgeCasesAreExported()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        const QString holder = QStringLiteral("Ä \"кавички\", запетая\r\nред\tтаб \\ 😀 ") + QChar(0x01)
            + QChar(0x1f) + QStringLiteral(" край");
        const QByteArray third
            = "{ \"permit_no\" : \"\\u0420\\u0421-3\\/2026\" ,\n \"holder\":" + JsonText::string(holder)
            + ",\"holder_egn\":\"7501010010\",\"internal_note\":\"ТАЙНА\",\"floors\":1.2e1,"
              "\"fee\":\"-0.50\",\"active\":null,\"issued_on\":\"2026-12-03\",\"zone\":\"В\","
              "\"company_eik\":null}";
        QVERIFY(insertStored(db, 3, QString::fromUtf8(third)));
        QVERIFY(insertStored(db, 4,
                             QStringLiteral("{\"permit_no\":\"РС-4\",\"issued_on\":\"2026-12-04\","
                                            "\"floors\":-7,\"fee\":\"12\",\"active\":false}")));

        const QByteArray json = exportJson(db);
        QVERIFY(!json.contains("7501010010"));
        QVERIFY(!json.contains(QStringLiteral("ТАЙНА").toUtf8()));
        QVERIFY(json.contains("\"floors\":12,\"fee\":-0.50,"));
        QVERIFY(json.contains("\\u0001\\u001f"));
        QJsonParseError error;
        const QJsonArray entries
            = QJsonDocument::fromJson(json, &error).object().value(QStringLiteral("entries")).toArray();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(entries.size(), 4);
        const QJsonObject expected3 {{QStringLiteral("number"), 3},
                                     {QStringLiteral("permit_no"), QStringLiteral("РС-3/2026")},
                                     {QStringLiteral("holder"), holder},
                                     {QStringLiteral("issued_on"), QStringLiteral("2026-12-03")},
                                     {QStringLiteral("floors"), 12},
                                     {QStringLiteral("fee"), -0.5},
                                     {QStringLiteral("zone"), QStringLiteral("В")}};
        QCOMPARE(entries.at(2).toObject(), expected3);
        const QJsonObject expected4 {{QStringLiteral("number"), 4},
                                     {QStringLiteral("permit_no"), QStringLiteral("РС-4")},
                                     {QStringLiteral("issued_on"), QStringLiteral("2026-12-04")},
                                     {QStringLiteral("floors"), -7},
                                     {QStringLiteral("fee"), 12},
                                     {QStringLiteral("active"), false}};
        QCOMPARE(entries.at(3).toObject(), expected4);

        const QByteArray csv = exportCsv(db);
        QVERIFY(!csv.contains("7501010010"));
        QVERIFY(csv.endsWith("\r\n4,РС-4,,,2026-12-04,-7,12,false,\r\n"));
        if (!OpenDataFixture::hasPythonModule(QStringLiteral("csv")))
            QSKIP("python3 is not installed");
        const QList<QStringList> rows = parseCsv(csv, m_dir.filePath(QStringLiteral("edge.csv")));
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows.at(3),
                 (QStringList {QStringLiteral("3"), QStringLiteral("РС-3/2026"), holder, QString(),
                               QStringLiteral("2026-12-03"), QStringLiteral("12"), QStringLiteral("-0.50"),
                               QString(), QStringLiteral("В")}));
    }

    /** One database for all cases (a PostgreSQL database per case would be slow):
     *  entry 3 is rewritten with each damaged form in turn. */
    void damagedEntriesStopTheExport()
    {
        const auto text = [](const char *json) {
            return QVariant(QString::fromUtf8(json));
        };
        const QList<std::pair<const char *, QVariant>> cases {
            {"not json", text("permit_no")},
            {"array", text("[]")},
            {"truncated", text("{\"permit_no\":\"x\"")},
            {"garbage after", text("{\"permit_no\":\"x\"} x")},
            {"nested in a public field", text("{\"holder\":{\"a\":1}}")},
            {"nested in a non-public field", text("{\"internal_note\":[\"x\"]}")},
            {"string for an integer", text("{\"floors\":\"12\"}")},
            {"fraction for an integer", text("{\"floors\":1.5}")},
            {"integer beyond 2^53", text("{\"floors\":9007199254740992}")},
            {"huge exponent", text("{\"floors\":1e400}")},
            {"number for text", text("{\"holder\":12}")},
            {"boolean for text", text("{\"permit_no\":true}")},
            {"number for a decimal", text("{\"fee\":12.5}")},
            {"malformed decimal", text("{\"fee\":\"1.2.3\"}")},
            {"decimal with a comma", text("{\"fee\":\"1,5\"}")},
            {"decimal with a leading zero", text("{\"fee\":\"012\"}")},
            {"decimal with an exponent", text("{\"fee\":\"1e5\"}")},
            {"string for a boolean", text("{\"active\":\"true\"}")},
            {"raw control character", text("{\"holder\":\"a\x01b\"}")},
            {"lone surrogate", text("{\"holder\":\"\\ud800\"}")},
            // Bytes that are not UTF-8 (SQLite keeps them as they were written).
            {"invalid utf-8", QVariant(QByteArray("{\"holder\":\"\xff\xfe\"}"))},
        };
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        QVERIFY(insertStored(db, 3, QStringLiteral("{}")));
        MunicipalRegisterExporter exporter(db.database());
        auto definition = exporter.definition(QStringLiteral("permits"));
        QVERIFY(definition.ok());
        for (const auto &[name, stored] : cases) {
            if (stored.typeId() == QMetaType::QByteArray && !db.database().isSqlite())
                continue; // PostgreSQL refuses text that is not UTF-8 itself
            {
                auto tx = Transaction::begin(db.database());
                QVERIFY(tx.ok());
                QVERIFY2(Sql::exec(tx->connection(),
                                   QStringLiteral("UPDATE municipal_register_entry SET field_values = ?"
                                                  " WHERE register_id = ? AND number = 3"),
                                   {stored, definition->id})
                             .ok(),
                         name);
                QVERIFY(tx->commit().ok());
            }
            for (const bool csv : {true, false}) {
                QBuffer buffer;
                buffer.open(QIODevice::WriteOnly);
                const Status written
                    = csv ? exporter.writeCsv(*definition, buffer) : exporter.writeJson(*definition, buffer);
                QVERIFY2(!written.ok(), name);
                QCOMPARE(written.error().code, ErrorCode::Corrupt);
                QCOMPARE(written.error().detail, QStringLiteral("permits #3")); // the entry, never its values
            }
        }
        // The database is usable afterwards: every read transaction was closed.
        QVERIFY(insertStored(db, 4, QStringLiteral("{}")));
    }

    /** Many entries through the service, with every character a text field may
     *  hold: both formats give back exactly what the service stored. */
    void exportAgreesWithTheStoredValues()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        MunicipalRegisterEntryService service(db.context());
        const QStringList pieces {QStringLiteral("Шипка"), QStringLiteral("\""),    QStringLiteral(","),
                                  QStringLiteral("\r\n"),  QStringLiteral("\n"),    QStringLiteral("\t"),
                                  QStringLiteral("\\"),    QStringLiteral("😀"),     QStringLiteral(" "),
                                  QStringLiteral("'"),     QStringLiteral("„ООД“"), QStringLiteral("/")};
        QRandomGenerator random(8);
        for (int n = 3; n <= 120; ++n) {
            QString holder;
            for (int i = random.bounded(6); i > 0; --i)
                holder += pieces.at(random.bounded(pieces.size()));
            QJsonObject values {{QStringLiteral("permit_no"), QStringLiteral("РС-%1").arg(n)},
                                {QStringLiteral("issued_on"),
                                 QStringLiteral("2026-01-%1").arg(n % 28 + 1, 2, 10, QLatin1Char('0'))}};
            if (!holder.trimmed().isEmpty())
                values.insert(QStringLiteral("holder"), holder);
            if (n % 3)
                values.insert(QStringLiteral("floors"), qint64(random.bounded(200)) - 100);
            if (n % 4)
                values.insert(QStringLiteral("fee"), QStringLiteral("%1,%2").arg(n).arg(n % 7));
            if (n % 5)
                values.insert(QStringLiteral("active"), n % 2 == 0);
            auto added = service.add(db.clerk, QStringLiteral("permits"), values);
            QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().toString()));
        }
        const QList<MunicipalRegisterField> fields = OpenDataFixture::permitsDefinition().exportedFields();
        const QJsonArray entries
            = QJsonDocument::fromJson(exportJson(db)).object().value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 120);
        const bool withCsv = OpenDataFixture::hasPythonModule(QStringLiteral("csv"));
        const QList<QStringList> rows = withCsv
            ? parseCsv(exportCsv(db), m_dir.filePath(QStringLiteral("agree.csv")))
            : QList<QStringList>();
        if (withCsv)
            QCOMPARE(rows.size(), 121);
        for (int n = 1; n <= 120; ++n) {
            auto entry = service.get(db.admin, QStringLiteral("permits"), n);
            QVERIFY(entry.ok());
            QJsonObject expected {{QStringLiteral("number"), n}};
            QStringList expectedRow {QString::number(n)};
            for (const MunicipalRegisterField &field : fields) {
                const QJsonValue value = entry->values.value(field.name);
                expectedRow << MunicipalRegisterField::valueText(value);
                if (value.isUndefined() || value.isNull())
                    continue;
                // Decimals are kept as text and published as JSON numbers.
                expected.insert(field.name,
                                field.type == MunicipalFieldType::Decimal
                                    ? QJsonValue(value.toString().toDouble())
                                    : value);
            }
            QCOMPARE(entries.at(n - 1).toObject(), expected);
            if (withCsv)
                QCOMPARE(rows.at(n), expectedRow);
        }
    }

    void unknownRegistersAreNotFound()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        MunicipalRegisterExporter exporter(db.database());
        for (const QString &code : {
                 QStringLiteral("shops"), // unknown
                 QStringLiteral("../permits"), // traversal
                 QStringLiteral("..%2Fpermits"), // encoded traversal
                 QString(), // empty
                 QStringLiteral("permits' OR '1'='1"), // sql
             }) {
            QCOMPARE(exporter.definition(code).error().code, ErrorCode::NotFound);
            QCOMPARE(exporter.definition(code, true).error().code, ErrorCode::NotFound);
        }
    }

    void unpublishedRegisterOnlyForAdministrators()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        MunicipalRegisterService registers(db.context());
        MunicipalRegisterDefinition hidden = OpenDataFixture::permitsDefinition();
        hidden.published = false;
        QVERIFY(registers.update(db.admin, hidden).ok());
        MunicipalRegisterExporter exporter(db.database());
        QCOMPARE(exporter.definition(QStringLiteral("permits")).error().code, ErrorCode::NotFound);
        QVERIFY(exporter.definition(QStringLiteral("permits"), true).ok());
    }

    void cancelStopsTheExport()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        MunicipalRegisterExporter exporter(db.database());
        auto definition = exporter.definition(QStringLiteral("permits"));
        QVERIFY(definition.ok());
        {
            auto tx = Transaction::begin(db.database());
            QVERIFY(tx.ok());
            for (int i = 3; i <= 2100; ++i)
                QVERIFY(
                    Sql::exec(
                        tx->connection(),
                        QStringLiteral("INSERT INTO municipal_register_entry (id, register_id, number,"
                                       " field_values, version, created_at, created_by, modified_at,"
                                       " modified_by) VALUES (?, ?, ?, '{}', 1, 'x', ?, 'x', ?)"),
                        {QStringLiteral("e%1").arg(i), definition->id, i, db.clerk.userId, db.clerk.userId})
                        .ok());
            QVERIFY(tx->commit().ok());
        }
        std::atomic_bool cancel {true};
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QCOMPARE(exporter.writeCsv(*definition, buffer, &cancel).error().code, ErrorCode::Cancelled);
        QBuffer all;
        all.open(QIODevice::WriteOnly);
        cancel = false;
        QVERIFY(exporter.writeJson(*definition, all, &cancel).ok());
        QCOMPARE(
            QJsonDocument::fromJson(all.data()).object().value(QStringLiteral("entries")).toArray().size(),
            2100);
    }
};

QTEST_GUILESS_MAIN(tst_MunicipalRegisterExporter)
#include "tst_MunicipalRegisterExporter.moc"
