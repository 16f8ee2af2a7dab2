// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "opendata/MunicipalRegisterExporter.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QBuffer>
#include <QJsonArray>
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
