// SPDX-License-Identifier: GPL-3.0-or-later
// delovodctl municipal-register …, run as a process.
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "services/RegistrationService.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#ifndef DELOVODCTL_PATH
#error "DELOVODCTL_PATH must name the delovodctl binary (see tests/opendata/CMakeLists.txt)"
#endif

using namespace dms;

class tst_DelovodctlMunicipalRegister : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
        QByteArray describe() const { return "exit " + QByteArray::number(exitCode) + "\n" + out + err; }
    };

    static Run delovodctl(TempDatabase &db, const QString &user, const QStringList &arguments,
                          const QByteArray &input = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DELOVOD_DATABASE"));
        env.remove(QStringLiteral("DELOVOD_USER"));
        env.insert(QStringLiteral("DELOVOD_LANG"), QStringLiteral("en"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(DELOVODCTL_PATH),
                      QStringList {QStringLiteral("--database"), db.config().toDisplayUrl(),
                                   QStringLiteral("--user"), user}
                          + arguments);
        Run run;
        if (!process.waitForStarted(10'000))
            return run;
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(60'000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    static QStringList args(std::initializer_list<const char *> words)
    {
        QStringList list;
        for (const char *word : words)
            list << QString::fromUtf8(word);
        return list;
    }

    static QByteArray definitionJson()
    {
        return QJsonDocument(OpenDataFixture::permitsDefinition().toJson()).toJson();
    }

    static QString write(QTemporaryDir &dir, const QString &name, const QByteArray &content)
    {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return {};
        return file.fileName();
    }

    /** The entries of "permits" as `entry list --json` prints them. */
    static QJsonArray entries(TempDatabase &db)
    {
        const Run run = delovodctl(db, QStringLiteral("admin"),
                                   args({"municipal-register", "entry", "list", "permits", "--json"}));
        return run.exitCode == 0 ? run.json().value(QStringLiteral("entries")).toArray() : QJsonArray();
    }

private Q_SLOTS:
    void definitionsRoundTrip()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QTemporaryDir dir;
        const QString file = write(dir, QStringLiteral("permits.json"), definitionJson());
        QVERIFY(!file.isEmpty());

        // Defining is the administrator's.
        Run run = delovodctl(db, QStringLiteral("clerk"), args({"municipal-register", "define"}) << file);
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(db, QStringLiteral("admin"),
                         args({"municipal-register", "define", "--json"}) << file);
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QCOMPARE(run.json(), OpenDataFixture::permitsDefinition().toJson());
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "define"}) << file);
        QCOMPARE(run.exitCode, 2); // the code is taken
        QVERIFY2(run.err.contains("already exists"), run.describe().constData());

        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "list", "--json"}));
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        const QJsonArray registers = run.json().value(QStringLiteral("registers")).toArray();
        QCOMPARE(registers.size(), 1);
        QCOMPARE(registers.at(0).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("permits"));
        QCOMPARE(registers.at(0).toObject().value(QStringLiteral("entries")).toInt(-1), 0);
        run = delovodctl(db, QStringLiteral("official"), args({"municipal-register", "list"}));
        QVERIFY2(run.exitCode == 0 && run.out.contains("permits"), run.describe().constData());

        // show → edit → update (from standard input) → show.
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "show", "permits"}));
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QJsonObject edited = run.json();
        QCOMPARE(edited, OpenDataFixture::permitsDefinition().toJson());
        edited.insert(QStringLiteral("title"), QStringLiteral("Разрешения за строеж"));
        QJsonArray fields = edited.value(QStringLiteral("fields")).toArray();
        fields.append(QJsonObject {{QStringLiteral("name"), QStringLiteral("architect")},
                                   {QStringLiteral("label"), QStringLiteral("Архитект")},
                                   {QStringLiteral("type"), QStringLiteral("text")},
                                   {QStringLiteral("required"), false},
                                   {QStringLiteral("public"), true}});
        edited.insert(QStringLiteral("fields"), fields);
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "update", "-"}),
                         QJsonDocument(edited).toJson());
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "show", "permits"}));
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        const QJsonObject shown = run.json();
        QCOMPARE(shown.value(QStringLiteral("title")).toString(), QStringLiteral("Разрешения за строеж"));
        QCOMPARE(shown.value(QStringLiteral("fields")).toArray(), fields);

        // A forbidden change: a field's type.
        QJsonObject retyped = shown;
        QJsonArray retypedFields = retyped.value(QStringLiteral("fields")).toArray();
        QJsonObject floors = retypedFields.at(5).toObject();
        QCOMPARE(floors.value(QStringLiteral("name")).toString(), QStringLiteral("floors"));
        floors.insert(QStringLiteral("type"), QStringLiteral("text"));
        retypedFields.replace(5, floors);
        retyped.insert(QStringLiteral("fields"), retypedFields);
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "update", "-"}),
                         QJsonDocument(retyped).toJson());
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "show", "permits"}));
        QCOMPARE(run.json(), shown);

        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "show", "shops"}));
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "show"}));
        QCOMPARE(run.exitCode, 1);
    }

    void invalidDefinitionsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QByteArray valid = definitionJson();
        QTest::newRow("syntax error") << QByteArray("{\n  \"code\": \"permits\",\n  \"title\": }")
                                      << QStringLiteral("not valid JSON (line 3, column");
        QTest::newRow("truncated") << valid.left(valid.size() / 2) << QStringLiteral("not valid JSON");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("JSON object");
        QTest::newRow("unknown property")
            << QByteArray(R"({"code": "shops", "title": "Обекти", "colour": "синьо",
                             "fields": [{"name": "name", "label": "Име", "type": "text"}]})")
            << QStringLiteral("Unknown property \"colour\"");
        QTest::newRow("unknown field property") << QByteArray(R"({"code": "shops", "title": "Обекти",
                             "fields": [{"name": "name", "label": "Име", "type": "text", "size": 3}]})")
                                                << QStringLiteral("unknown property \"size\"");
        QTest::newRow("bad code") << QByteArray(R"({"code": "Обекти", "title": "Обекти",
                                                   "fields": [{"name": "name", "label": "Име", "type": "text"}]})")
                                  << QStringLiteral("register code");
        QTest::newRow("path in code") << QByteArray(R"({"code": "../shops", "title": "Обекти",
                             "fields": [{"name": "name", "label": "Име", "type": "text"}]})")
                                      << QStringLiteral("register code");
        QTest::newRow("unknown type") << QByteArray(R"({"code": "shops", "title": "Обекти",
                             "fields": [{"name": "name", "label": "Име", "type": "colour"}]})")
                                      << QStringLiteral("unknown field type \"colour\"");
        QTest::newRow("public ЕГН") << QByteArray(R"({"code": "shops", "title": "Обекти",
                             "fields": [{"name": "owner", "label": "ЕГН", "type": "egn", "public": true}]})")
                                    << QStringLiteral("cannot be public");
        QTest::newRow("no fields") << QByteArray(R"({"code": "shops", "title": "Обекти", "fields": []})")
                                   << QStringLiteral("between 1 and");
    }

    void invalidDefinitionsAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        DMS_OPEN_TEMP_DATABASE(db);
        Run run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "define", "-"}), json);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.describe().constData());
        run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "list", "--json"}));
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QVERIFY(run.json().value(QStringLiteral("registers")).toArray().isEmpty());
    }

    void entriesAreAddedChangedAndTraced()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QTemporaryDir dir;
        Run run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "define", "-"}),
                             definitionJson());
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Заявление");
        request.document.subject = QStringLiteral("Искане за разрешение за строеж");
        request.openCase = true;
        auto registration = registrations.registerDocument(db.clerk, request);
        QVERIFY2(registration.ok(), qPrintable(registration.error().toString()));

        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "add", "permits", "--json", "--set",
                               "permit_no=РС-1", "--set", "holder_egn=7501010010", "--set",
                               "issued_on=04.12.2026", "--set", "fee=120,50", "--document"})
                             << registration->index << QStringLiteral("--case") << registration->index);
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QJsonObject entry = run.json();
        QCOMPARE(entry.value(QStringLiteral("number")).toInt(), 1);
        QCOMPARE(entry.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(entry.value(QStringLiteral("values")).toObject().value(QStringLiteral("fee")).toString(),
                 QStringLiteral("120.50"));
        const QJsonArray links = entry.value(QStringLiteral("links")).toArray();
        QCOMPARE(links.size(), 2);
        QStringList linked;
        for (const QJsonValue &link : links)
            linked << link.toObject().value(QStringLiteral("kind")).toString() + QLatin1Char(':')
                    + link.toObject().value(QStringLiteral("id")).toString();
        QVERIFY(linked.contains(QStringLiteral("document:") + registration->documentId));
        QVERIFY(linked.contains(QStringLiteral("case:") + registration->caseId));

        // The link to an unknown document undoes the whole add.
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "add", "permits", "--set", "permit_no=РС-2",
                               "--set", "issued_on=2026-12-05", "--document", "СОА26-ВК66-999/01.01.2026"}));
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(entries(db).size(), 1);

        // Wrong values: named by field, the ЕГН never echoed.
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "add", "permits", "--set", "permit_no=РС-2",
                               "--set", "issued_on=2026-12-05", "--set", "holder_egn=7501010011"}));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(!run.err.contains("7501010011") && !run.out.contains("7501010011"),
                 run.describe().constData());
        QVERIFY2(run.err.contains("holder_egn"), run.describe().constData());
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "add", "permits", "--set", "permit_no=РС-2"}));
        QCOMPARE(run.exitCode, 2); // issued_on is required
        QVERIFY2(run.err.contains("issued_on"), run.describe().constData());
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "add", "permits", "--set", "colour=синьо"}));
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "add", "permits", "--set", "permit_no"}));
        QCOMPARE(run.exitCode, 1);
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "add", "permits", "--set", "permit_no=а",
                               "--set", "permit_no=б"}));
        QCOMPARE(run.exitCode, 1);
        run = delovodctl(db, QStringLiteral("official"),
                         args({"municipal-register", "entry", "add", "permits", "--set", "permit_no=РС-2",
                               "--set", "issued_on=2026-12-05"}));
        QCOMPARE(run.exitCode, 2); // officials read, they do not keep registers
        QCOMPARE(entries(db).size(), 1);

        // Updates: without --version, at a stale --version, clearing a field.
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "update", "permits", "1", "--json", "--set",
                               "floors=4", "--set", "fee="}));
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        entry = run.json();
        QCOMPARE(entry.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(entry.value(QStringLiteral("values")).toObject().value(QStringLiteral("floors")).toInt(), 4);
        QVERIFY(!entry.value(QStringLiteral("values")).toObject().contains(QStringLiteral("fee")));
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "update", "permits", "1", "--expect-version",
                               "1", "--set", "floors=5"}));
        QCOMPARE(run.exitCode, 2); // the entry is at version 2 now
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "update", "permits", "1", "--expect-version",
                               "2", "--set", "floors=5"}));
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        run = delovodctl(
            db, QStringLiteral("clerk"),
            args({"municipal-register", "entry", "update", "permits", "1", "--set", "floors=много"}));
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(
            db, QStringLiteral("clerk"),
            args({"municipal-register", "entry", "update", "permits", "7", "--set", "floors=1"}));
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "update", "permits", "1"}));
        QCOMPARE(run.exitCode, 1); // nothing to change
        run = delovodctl(
            db, QStringLiteral("clerk"),
            args({"municipal-register", "entry", "update", "permits", "първи", "--set", "floors=1"}));
        QCOMPARE(run.exitCode, 1);

        const QJsonArray listed = entries(db);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("version")).toInt(), 3);
        run = delovodctl(db, QStringLiteral("admin"),
                         args({"municipal-register", "entry", "list", "permits"}));
        QVERIFY2(run.exitCode == 0 && run.out.contains(QStringLiteral("РС-1").toUtf8()),
                 run.describe().constData());

        // History: creation, then each change field by field.
        run = delovodctl(db, QStringLiteral("admin"),
                         args({"municipal-register", "entry", "history", "permits", "1", "--json"}));
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QStringList changes;
        for (const QJsonValue &value : run.json().value(QStringLiteral("changes")).toArray()) {
            const QJsonObject change = value.toObject();
            changes << QStringLiteral("%1 %2 %3 %4→%5")
                           .arg(change.value(QStringLiteral("version")).toInt())
                           .arg(change.value(QStringLiteral("user")).toString(),
                                change.value(QStringLiteral("field")).toString(),
                                change.value(QStringLiteral("old")).toVariant().toString(),
                                change.value(QStringLiteral("new")).toVariant().toString());
        }
        QVERIFY2(changes.contains(QStringLiteral("1 clerk permit_no →РС-1")), qPrintable(changes.join('\n')));
        QVERIFY2(changes.contains(QStringLiteral("2 clerk fee 120.50→")), qPrintable(changes.join('\n')));
        QVERIFY2(changes.contains(QStringLiteral("2 clerk floors →4")), qPrintable(changes.join('\n')));
        QVERIFY2(changes.contains(QStringLiteral("3 clerk floors 4→5")), qPrintable(changes.join('\n')));
        // An official reads the history with the ЕГН masked.
        run = delovodctl(db, QStringLiteral("official"),
                         args({"municipal-register", "entry", "history", "permits", "1"}));
        QVERIFY2(run.exitCode == 0 && !run.out.contains("7501010010"), run.describe().constData());
        run = delovodctl(db, QStringLiteral("admin"),
                         args({"municipal-register", "entry", "history", "permits", "9"}));
        QCOMPARE(run.exitCode, 2);
    }

    void csvImportAddsAllOrNothing()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QTemporaryDir dir;
        Run run = delovodctl(db, QStringLiteral("admin"), args({"municipal-register", "define", "-"}),
                             definitionJson());
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        const QString good = write(dir, QStringLiteral("good.csv"),
                                   "\xEF\xBB\xBF"
                                   "permit_no,holder,holder_egn,issued_on,floors,zone\r\n"
                                   "РС-1,\"Петров, Иван\",7501010010,04.12.2026,3,Б\r\n"
                                   "РС-2,\"ЕТ \"\"Слънце\"\"\",,2026-12-05,,\n"
                                   "РС-3,\"ред 1\r\nред 2\",,2026-12-06,1,А\r\n");
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "import", "permits", "--json"}) << good);
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QCOMPARE(run.json().value(QStringLiteral("imported")).toInt(), 3);
        QJsonArray listed = entries(db);
        QCOMPARE(listed.size(), 3);
        QCOMPARE(listed.at(1)
                     .toObject()
                     .value(QStringLiteral("values"))
                     .toObject()
                     .value(QStringLiteral("holder")),
                 QJsonValue(QStringLiteral("ЕТ \"Слънце\"")));
        QCOMPARE(listed.at(2)
                     .toObject()
                     .value(QStringLiteral("values"))
                     .toObject()
                     .value(QStringLiteral("holder")),
                 QJsonValue(QStringLiteral("ред 1\r\nред 2")));

        struct Case
        {
            const char *name;
            QByteArray csv;
            const char *expected; ///< in the error output
        };
        const QByteArray header = "permit_no,holder_egn,issued_on,floors\r\n";
        const QList<Case> cases {
            {"unknown column", "permit_no,issued_on,colour\r\nРС-9,2026-12-04,синьо\r\n", "\"colour\""},
            {"missing required field", "permit_no,floors\r\nРС-9,1\r\n", "issued_on"},
            {"missing required value", header + "РС-9,,,1\r\n", "Row 2"},
            {"bad date", header + "РС-9,,2026-12-04,1\r\nРС-10,,2026-13-01,1\r\n", "Row 3"},
            {"bad integer", header + "РС-9,,2026-12-04,1\r\nРС-10,,2026-12-04,x\r\n", "field 'floors'"},
            {"bad ЕГН", header + "РС-9,,2026-12-04,1\r\nРС-10,7501010011,2026-12-04,1\r\n", "Row 3"},
            {"malformed quoting", header + "РС-9,\"7501010010,2026-12-04,1\r\n", "CSV line 2"},
            {"not UTF-8", header + "\xd0\xe0\xe7\xf0\xe5\xf8,,2026-12-04,1\r\n", "UTF-8"},
            {"empty file", QByteArray(), "empty"},
            {"duplicate header", "permit_no,issued_on,issued_on\r\nРС-9,2026-12-04,2026-12-04\r\n",
             "two columns"},
        };
        for (const Case &bad : cases) {
            const QString file = write(dir, QStringLiteral("bad.csv"), bad.csv);
            run = delovodctl(db, QStringLiteral("clerk"),
                             args({"municipal-register", "entry", "import", "permits"}) << file);
            QVERIFY2(run.exitCode == 2, bad.name);
            QVERIFY2(run.err.contains(bad.expected),
                     QByteArray(QByteArray(bad.name) + ": " + run.describe()).constData());
            for (const char *egn : {"7501010011", "7501010010"})
                QVERIFY2(!run.err.contains(egn) && !run.out.contains(egn), bad.name);
            QVERIFY2(entries(db).size() == 3, bad.name);
        }
        // Standard input works too, and numbering continues without gaps after the refusals.
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "import", "permits", "-"}),
                         "permit_no,issued_on\nРС-4,2026-12-07\n");
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        listed = entries(db);
        QCOMPARE(listed.size(), 4);
        QCOMPARE(listed.at(3).toObject().value(QStringLiteral("number")).toInt(), 4);
        run = delovodctl(db, QStringLiteral("official"),
                         args({"municipal-register", "entry", "import", "permits"}) << good);
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(db, QStringLiteral("clerk"),
                         args({"municipal-register", "entry", "import", "permits"})
                             << dir.filePath("missing.csv"));
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(entries(db).size(), 4);
    }

    void helpListsTheCommands()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Run run = delovodctl(db, QStringLiteral("admin"), args({"--help"}));
        QCOMPARE(run.exitCode, 0);
        for (const char *command :
             {"municipal-register define", "municipal-register update", "municipal-register list",
              "municipal-register show", "municipal-register entry add", "municipal-register entry update",
              "municipal-register entry list", "municipal-register entry history",
              "municipal-register entry import"})
            QVERIFY2(run.out.contains(command), command);
        run = delovodctl(db, QStringLiteral("admin"),
                         args({"help", "municipal-register", "entry", "import"}));
        QVERIFY2(run.exitCode == 0 && run.out.contains("RFC 4180"), run.describe().constData());
    }
};

QTEST_GUILESS_MAIN(tst_DelovodctlMunicipalRegister)
#include "tst_DelovodctlMunicipalRegister.moc"
