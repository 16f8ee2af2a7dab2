// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the built delovodctl binary through QProcess, as an administrator would.
// On SQLite every test starts from a file that does not exist yet; with
// DMS_TEST_DB=pg it starts from an empty, migrated TempDatabase.
#include "TempDatabase.h"

#include <QCryptographicHash>
#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

#ifndef DELOVODCTL_PATH
#error "DELOVODCTL_PATH must name the delovodctl binary (see tests/CMakeLists.txt)"
#endif
#ifndef DELOVOD_SERVER_PATH
#error "DELOVOD_SERVER_PATH must name the delovod-server binary (see tests/CMakeLists.txt)"
#endif

using namespace dms;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QDate sofiaToday()
{
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia"))).date();
}

} // namespace

class tst_Delovodctl : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TempDatabase> m_pg;
    QString m_url;
    QString m_sqlitePath;

    Run ctl(const QStringList &arguments, const QString &user = QStringLiteral("admin"))
    {
        QStringList all {QStringLiteral("--database"), m_url};
        if (!user.isEmpty())
            all << QStringLiteral("--user") << user;
        return run(all + arguments);
    }

    static Run run(const QStringList &arguments, const QString &program = QStringLiteral(DELOVODCTL_PATH))
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DELOVOD_DATABASE"));
        env.remove(QStringLiteral("DELOVOD_USER"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        // The assertions read the English source texts.
        env.insert(QStringLiteral("DELOVOD_LANG"), QStringLiteral("en"));
        process.setProcessEnvironment(env);
        process.start(program, arguments);
        Run result;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            result.err = QStringLiteral("timed out or did not start: ") + process.errorString();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    static Run server(const QStringList &arguments)
    {
        return run(arguments, QStringLiteral(DELOVOD_SERVER_PATH));
    }

    QString writeConfig(const QString &name, const QString &text)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(text.toUtf8());
        return path;
    }

    static QByteArray describe(const Run &r)
    {
        return QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3")
            .arg(r.exitCode)
            .arg(r.out, r.err)
            .toUtf8();
    }

    /** init with the default registers, plus users clerk and auditor and register ВК66. */
    bool initOffice()
    {
        const Run init = ctl({QStringLiteral("init"), QStringLiteral("--admin-name"),
                              QStringLiteral("Администратор Тестов"), QStringLiteral("--registry"),
                              QStringLiteral("СОА"), QStringLiteral("--registry-name"),
                              QStringLiteral("Столична община")});
        const Run clerk = ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("clerk"),
                               QStringLiteral("--name"), QStringLiteral("Деловодител Тестов"),
                               QStringLiteral("--role"), QStringLiteral("clerk")});
        const Run auditor = ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("auditor"),
                                 QStringLiteral("--name"), QStringLiteral("Одитор Тестов"),
                                 QStringLiteral("--role"), QStringLiteral("auditor")});
        const Run reg = ctl({QStringLiteral("register"), QStringLiteral("add"), QStringLiteral("ВК66"),
                             QStringLiteral("--kind"), QStringLiteral("incoming"), QStringLiteral("--name"),
                             QStringLiteral("Входяща кореспонденция")});
        for (const Run *r : {&init, &clerk, &auditor, &reg}) {
            if (r->exitCode != 0) {
                qWarning("%s", describe(*r).constData());
                return false;
            }
        }
        return true;
    }

    Run registerDocument(const QString &subject, const QStringList &extra = {})
    {
        return ctl(QStringList {QStringLiteral("register"), QStringLiteral("--register"),
                                QStringLiteral("ВК66"), QStringLiteral("--kind"), QStringLiteral("Заявление"),
                                QStringLiteral("--subject"), subject}
                       + extra,
                   QStringLiteral("clerk"));
    }

    /** Runs SQL on the test database behind the program's back. */
    bool tamper(const QStringList &statements)
    {
        if (m_pg) {
            auto db = m_pg->database().connection();
            if (!db)
                return false;
            for (const QString &statement : statements) {
                QSqlQuery query(*db);
                if (!query.exec(statement)) {
                    qWarning("%s: %s", qPrintable(statement), qPrintable(query.lastError().text()));
                    return false;
                }
            }
            return true;
        }
        bool ok = true;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(m_sqlitePath);
            ok = db.open();
            for (const QString &statement : statements) {
                QSqlQuery query(db);
                if (ok && !query.exec(statement)) {
                    qWarning("%s: %s", qPrintable(statement), qPrintable(query.lastError().text()));
                    ok = false;
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        return ok;
    }

    static QString indexPattern(int number)
    {
        return QStringLiteral("^СОА%1-ВК66-%2/%3$")
            .arg(sofiaToday().year() % 100, 2, 10, QLatin1Char('0'))
            .arg(number)
            .arg(sofiaToday().toString(QStringLiteral("dd\\.MM\\.yyyy")));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        if (TempDatabase::postgresRequested()) {
            m_pg = std::make_unique<TempDatabase>();
            if (m_pg->skip())
                QSKIP(qPrintable(m_pg->problem()));
            QVERIFY2(m_pg->problem().isEmpty(), qPrintable(m_pg->problem()));
            const DatabaseConfig &config = m_pg->config();
            m_url = QStringLiteral("postgresql://%1@localhost:%2/%3?host=%4")
                        .arg(config.user)
                        .arg(config.port)
                        .arg(config.name, config.host);
        } else {
            static int s_count = 0;
            m_sqlitePath = m_dir.filePath(QStringLiteral("delovod-%1.db").arg(++s_count));
            m_url = QStringLiteral("sqlite:") + m_sqlitePath;
        }
    }

    void cleanup() { m_pg.reset(); }

    void registersSearchesAnnulsAndVerifies()
    {
        QVERIFY(initOffice());

        const QStringList subjects = {
            QStringLiteral("Заявление за достъп до обществена информация"),
            QStringLiteral("Жалба относно уличното осветление"),
            QStringLiteral("Писмо от кмета на район Младост"),
        };
        QStringList indexes;
        for (int i = 0; i < subjects.size(); ++i) {
            const Run r = registerDocument(subjects[i], {QStringLiteral("--pages"), QStringLiteral("2")});
            QVERIFY2(r.exitCode == 0, describe(r).constData());
            const QString index = r.out.trimmed();
            QVERIFY2(QRegularExpression(indexPattern(i + 1)).match(index).hasMatch(), qPrintable(index));
            indexes << index;
        }

        Run found = ctl({QStringLiteral("search"), QStringLiteral("осветление")}, QStringLiteral("clerk"));
        QVERIFY2(found.exitCode == 0, describe(found).constData());
        QVERIFY(found.out.contains(indexes[1]));
        QVERIFY(!found.out.contains(indexes[0]));
        QVERIFY(found.out.contains(subjects[1]));

        const QString yesterday = sofiaToday().addDays(-1).toString(Qt::ISODate);
        const QString tomorrow = sofiaToday().addDays(1).toString(QStringLiteral("dd.MM.yyyy"));
        found = ctl({QStringLiteral("search"), QStringLiteral("--register"), QStringLiteral("ВК66"),
                     QStringLiteral("--from"), yesterday, QStringLiteral("--to"), tomorrow,
                     QStringLiteral("--json")},
                    QStringLiteral("clerk"));
        QVERIFY2(found.exitCode == 0, describe(found).constData());
        const QJsonArray hits
            = QJsonDocument::fromJson(found.out.toUtf8()).object().value(QStringLiteral("hits")).toArray();
        QCOMPARE(hits.size(), 3);
        QCOMPARE(hits.at(0).toObject().value(QStringLiteral("index")).toString(), indexes[2]); // newest first
        QCOMPARE(hits.at(2).toObject().value(QStringLiteral("subject")).toString(), subjects[0]);

        found = ctl({QStringLiteral("search"), QStringLiteral("--to"),
                     sofiaToday().addDays(-2).toString(Qt::ISODate)},
                    QStringLiteral("clerk"));
        QVERIFY2(found.exitCode == 0, describe(found).constData());
        for (const QString &index : std::as_const(indexes))
            QVERIFY(!found.out.contains(index));

        found = ctl({QStringLiteral("search"), QStringLiteral("--register"), QStringLiteral("ВХ01")},
                    QStringLiteral("clerk"));
        QVERIFY2(found.exitCode == 0, describe(found).constData());
        QVERIFY(!found.out.contains(QStringLiteral("ВК66")));

        Run annul = ctl({QStringLiteral("annul"), indexes[1], QStringLiteral("--reason"),
                         QStringLiteral("Регистриран два пъти")});
        QVERIFY2(annul.exitCode == 0, describe(annul).constData());
        QVERIFY(annul.out.contains(indexes[1]));

        annul = ctl({QStringLiteral("annul"), indexes[1], QStringLiteral("--reason"), QStringLiteral("Пак")});
        QVERIFY2(annul.exitCode == 2, describe(annul).constData());
        QVERIFY2(annul.err.contains(QStringLiteral("already annulled")), describe(annul).constData());

        annul = ctl({QStringLiteral("annul"), indexes[0], QStringLiteral("--reason"), QStringLiteral("Не")},
                    QStringLiteral("clerk"));
        QVERIFY2(annul.exitCode == 2, describe(annul).constData());
        QVERIFY2(annul.err.contains(QStringLiteral("not allowed")), describe(annul).constData());
        QVERIFY2(annul.err.contains(QStringLiteral("annul-registration")), describe(annul).constData());

        found = ctl({QStringLiteral("search"), QStringLiteral("--status"), QStringLiteral("annulled"),
                     QStringLiteral("--json")},
                    QStringLiteral("clerk"));
        QVERIFY2(found.exitCode == 0, describe(found).constData());
        const QJsonArray annulled
            = QJsonDocument::fromJson(found.out.toUtf8()).object().value(QStringLiteral("hits")).toArray();
        QCOMPARE(annulled.size(), 1);
        QCOMPARE(annulled.at(0).toObject().value(QStringLiteral("index")).toString(), indexes[1]);

        Run verify = ctl({QStringLiteral("journal"), QStringLiteral("verify")});
        QVERIFY2(verify.exitCode == 0, describe(verify).constData());
        QVERIFY(verify.out.contains(QStringLiteral("intact")));
        verify = ctl({QStringLiteral("journal"), QStringLiteral("verify")}, QStringLiteral("auditor"));
        QVERIFY2(verify.exitCode == 0, describe(verify).constData());
        verify = ctl({QStringLiteral("journal"), QStringLiteral("verify")}, QStringLiteral("clerk"));
        QVERIFY2(verify.exitCode == 2, describe(verify).constData());
        QVERIFY2(verify.err.contains(QStringLiteral("read-journal")), describe(verify).constData());

        const QString dropGuard = m_pg ? QStringLiteral("DROP TRIGGER audit_journal_guard ON audit_journal")
                                       : QStringLiteral("DROP TRIGGER audit_journal_no_update");
        QVERIFY(tamper({dropGuard,
                        QStringLiteral("UPDATE audit_journal SET details = '{\"index\":\"forged\"}'"
                                       " WHERE seq = 5")}));
        verify = ctl({QStringLiteral("journal"), QStringLiteral("verify")}, QStringLiteral("auditor"));
        QVERIFY2(verify.exitCode == 3, describe(verify).constData());
        QVERIFY2(verify.out.contains(QStringLiteral("entry 5:")), describe(verify).constData());
        QVERIFY2(!verify.out.contains(QStringLiteral("entry 4:")), describe(verify).constData());

        verify = ctl({QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--json")},
                     QStringLiteral("auditor"));
        QCOMPARE(verify.exitCode, 3);
        const QJsonObject report = QJsonDocument::fromJson(verify.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("intact")).toBool(true), false);
        QVERIFY(!report.value(QStringLiteral("problems")).toArray().isEmpty());
    }

    void followUpsJoinTheCaseOfTheirBase()
    {
        QVERIFY(initOffice());
        const Run base
            = registerDocument(QStringLiteral("Искане за разрешение"), {QStringLiteral("--open-case")});
        QVERIFY2(base.exitCode == 0, describe(base).constData());
        const QString baseIndex = base.out.trimmed();
        const Run follow
            = ctl({QStringLiteral("register"), QStringLiteral("--case"), baseIndex, QStringLiteral("--kind"),
                   QStringLiteral("Писмо"), QStringLiteral("--subject"), QStringLiteral("Допълнение"),
                   QStringLiteral("--json")},
                  QStringLiteral("clerk"));
        QVERIFY2(follow.exitCode == 0, describe(follow).constData());
        const QJsonObject entry = QJsonDocument::fromJson(follow.out.toUtf8()).object();
        QCOMPARE(entry.value(QStringLiteral("subNumber")).toInt(), 1);
        QCOMPARE(entry.value(QStringLiteral("number")).toInt(), 1);
        QVERIFY(entry.value(QStringLiteral("index")).toString().contains(QStringLiteral("-ВК66-1/1/")));

        const Run notACase = ctl({QStringLiteral("register"), QStringLiteral("--case"),
                                  entry.value(QStringLiteral("index"))
                                      .toString()
                                      .replace(QStringLiteral("-1/1/"), QStringLiteral("-9/")),
                                  QStringLiteral("--kind"), QStringLiteral("Писмо"),
                                  QStringLiteral("--subject"), QStringLiteral("x")},
                                 QStringLiteral("clerk"));
        QVERIFY2(notACase.exitCode == 2, describe(notACase).constData());
    }

    void textIsStoredVerbatim()
    {
        QVERIFY(initOffice());
        const QString subject = QStringLiteral("O'Brien\"; DROP TABLE registration; -- 100% _ДОИ_ \\ ");
        const Run r = registerDocument(subject, {QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const Run found = ctl({QStringLiteral("search"), QStringLiteral("brien"), QStringLiteral("--json")},
                              QStringLiteral("clerk"));
        QVERIFY2(found.exitCode == 0, describe(found).constData());
        const QJsonArray hits
            = QJsonDocument::fromJson(found.out.toUtf8()).object().value(QStringLiteral("hits")).toArray();
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).toObject().value(QStringLiteral("subject")).toString(), subject.trimmed());
    }

    void initIsRefusedOnAnInitialisedDatabase()
    {
        QVERIFY(initOffice());
        const Run again
            = ctl({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("other"),
                   QStringLiteral("--admin-name"), QStringLiteral("Друг"), QStringLiteral("--registry"),
                   QStringLiteral("ДР"), QStringLiteral("--registry-name"), QStringLiteral("Друга")});
        QVERIFY2(again.exitCode == 2, describe(again).constData());
        QVERIFY2(again.err.contains(QStringLiteral("already initialised")), describe(again).constData());
        const Run users = ctl({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(users.exitCode == 0, describe(users).constData());
        QCOMPARE(QJsonDocument::fromJson(users.out.toUtf8()).array().size(), 3);
        const Run registries
            = ctl({QStringLiteral("registry"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray list = QJsonDocument::fromJson(registries.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject registry = list.at(0).toObject();
        QCOMPARE(registry.value(QStringLiteral("code")).toString(), QStringLiteral("СОА"));
        QCOMPARE(registry.value(QStringLiteral("indexPattern")).toString(),
                 QStringLiteral("{registry}{yy}-{register}-{number}{/sub}/{date}"));
        // The default registers, one of each kind, and ВК66 added by initOffice().
        QStringList registers;
        for (const QJsonValue &reg : registry.value(QStringLiteral("registers")).toArray())
            registers << reg.toObject().value(QStringLiteral("code")).toString() + QLatin1Char(':')
                    + reg.toObject().value(QStringLiteral("kind")).toString();
        registers.sort();
        QCOMPARE(registers,
                 QStringList({QStringLiteral("ВК66:incoming"), QStringLiteral("ВН01:internal"),
                              QStringLiteral("ВХ01:incoming"), QStringLiteral("ЗП01:orders"),
                              QStringLiteral("ИЗ01:outgoing")}));
    }

    void initWithBadOptionsChangesNothing_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("register code with a dash")
            << QStringList {QStringLiteral("--with-register"), QStringLiteral("ВК-66:incoming:Входящ")} << 2;
        QTest::newRow("unknown register kind")
            << QStringList {QStringLiteral("--with-register"), QStringLiteral("ВК66:inbox:Входящ")} << 1;
        QTest::newRow("duplicate register codes")
            << QStringList {QStringLiteral("--with-register"), QStringLiteral("А1:incoming:Един"),
                            QStringLiteral("--with-register"), QStringLiteral("А1:outgoing:Два")}
            << 2;
        QTest::newRow("index pattern without a number")
            << QStringList {QStringLiteral("--index-pattern"), QStringLiteral("{registry}-{register}")} << 2;
        QTest::newRow("bad admin login")
            << QStringList {QStringLiteral("--admin"), QStringLiteral("Root; --")} << 2;
    }

    void initWithBadOptionsChangesNothing()
    {
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        const QStringList base = {QStringLiteral("init"),
                                  QStringLiteral("--admin-name"),
                                  QStringLiteral("Администратор"),
                                  QStringLiteral("--registry"),
                                  QStringLiteral("СОА"),
                                  QStringLiteral("--registry-name"),
                                  QStringLiteral("Столична община")};
        const Run bad = ctl(base + options);
        QVERIFY2(bad.exitCode == exitCode, describe(bad).constData());
        if (!m_pg && exitCode == 1)
            QVERIFY2(!QFile::exists(m_sqlitePath), "a usage error must not create the database");
        // init refuses a database with users or registries: it succeeding proves none were made.
        const Run good = ctl(base);
        QVERIFY2(good.exitCode == 0, describe(good).constData());
    }

    void badDatabaseUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << 1 << QStringLiteral("No database");
        QTest::newRow("postgres without a name")
            << QStringLiteral("postgresql://") << 1 << QStringLiteral("not valid");
        QTest::newRow("foreign scheme")
            << QStringLiteral("mysql://db/delovod") << 1 << QStringLiteral("Unsupported");
        QTest::newRow("missing sqlite file")
            << QStringLiteral("sqlite:/nonexistent/delovod.db") << 2 << QStringLiteral("no database");
        QTest::newRow("unreachable postgres") << QStringLiteral("postgresql://nobody@127.0.0.1:1/delovod")
                                              << 2 << QStringLiteral("Cannot open");
    }

    void badDatabaseUrl()
    {
        QFETCH(QString, url);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = run({QStringLiteral("--database"), url, QStringLiteral("--user"),
                           QStringLiteral("admin"), QStringLiteral("user"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == exitCode, describe(r).constData());
        QVERIFY2(r.err.contains(message, Qt::CaseInsensitive), describe(r).constData());
        QVERIFY(r.out.isEmpty());
    }

    void commandLineErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList {} << QStringLiteral("Usage:");
        QTest::newRow("unknown command")
            << QStringList {QStringLiteral("frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("missing subcommand")
            << QStringList {QStringLiteral("user")} << QStringLiteral("user add");
        QTest::newRow("unknown option")
            << QStringList {QStringLiteral("search"), QStringLiteral("--bogus")} << QStringLiteral("bogus");
        QTest::newRow("missing argument")
            << QStringList {QStringLiteral("user"), QStringLiteral("add"),    QStringLiteral("--name"),
                            QStringLiteral("X"),    QStringLiteral("--role"), QStringLiteral("clerk")}
            << QStringLiteral("LOGIN");
        QTest::newRow("extra argument")
            << QStringList {QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("x")}
            << QStringLiteral("'x'");
        QTest::newRow("unknown role")
            << QStringList {QStringLiteral("user"),   QStringLiteral("add"), QStringLiteral("petrova"),
                            QStringLiteral("--name"), QStringLiteral("П"),   QStringLiteral("--role"),
                            QStringLiteral("boss")}
            << QStringLiteral("boss");
        QTest::newRow("pages not a number")
            << QStringList {QStringLiteral("register"), QStringLiteral("--register"),
                            QStringLiteral("ВК66"),     QStringLiteral("--kind"),
                            QStringLiteral("Писмо"),    QStringLiteral("--subject"),
                            QStringLiteral("Тема"),     QStringLiteral("--pages"),
                            QStringLiteral("две")}
            << QStringLiteral("--pages");
        QTest::newRow("unknown channel")
            << QStringList {QStringLiteral("register"), QStringLiteral("--register"),
                            QStringLiteral("ВК66"),     QStringLiteral("--kind"),
                            QStringLiteral("Писмо"),    QStringLiteral("--subject"),
                            QStringLiteral("Тема"),     QStringLiteral("--channel"),
                            QStringLiteral("pigeon")}
            << QStringLiteral("pigeon");
        QTest::newRow("missing subject")
            << QStringList {QStringLiteral("register"), QStringLiteral("--register"), QStringLiteral("ВК66"),
                            QStringLiteral("--kind"), QStringLiteral("Писмо")}
            << QStringLiteral("--subject");
        QTest::newRow("bad date") << QStringList {QStringLiteral("search"), QStringLiteral("--from"),
                                                  QStringLiteral("31.02.2020")}
                                  << QStringLiteral("--from");
        QTest::newRow("annul without reason")
            << QStringList {QStringLiteral("annul"), QStringLiteral("СОА20-ВК66-1/08.09.2020")}
            << QStringLiteral("--reason");
    }

    void commandLineErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QVERIFY(initOffice());
        const Run r = ctl(arguments);
        QVERIFY2(r.exitCode == 1, describe(r).constData());
        QVERIFY2(r.err.contains(message), describe(r).constData());
        const Run verify
            = ctl({QStringLiteral("journal"), QStringLiteral("verify"), QStringLiteral("--json")});
        QCOMPARE(verify.exitCode, 0);
        // init (1 user + registry + 4 registers), 2 users and 1 register: nothing more was written.
        QCOMPARE(
            QJsonDocument::fromJson(verify.out.toUtf8()).object().value(QStringLiteral("entries")).toInt(),
            9);
    }

    void rolesAreEnforced()
    {
        QVERIFY(initOffice());
        Run r = ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("mallory"),
                     QStringLiteral("--name"), QStringLiteral("М"), QStringLiteral("--role"),
                     QStringLiteral("administrator")},
                    QStringLiteral("clerk"));
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        QVERIFY2(r.err.contains(QStringLiteral("manage-users")), describe(r).constData());
        r = ctl({QStringLiteral("register"), QStringLiteral("add"), QStringLiteral("ХХ1"),
                 QStringLiteral("--kind"), QStringLiteral("orders"), QStringLiteral("--name"),
                 QStringLiteral("Х")},
                QStringLiteral("auditor"));
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        r = registerDocument(QStringLiteral("Тема"));
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        r = ctl({QStringLiteral("register"), QStringLiteral("--register"), QStringLiteral("ВК66"),
                 QStringLiteral("--kind"), QStringLiteral("Писмо"), QStringLiteral("--subject"),
                 QStringLiteral("Тема")},
                QStringLiteral("auditor"));
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        QVERIFY2(r.err.contains(QStringLiteral("register-document")), describe(r).constData());
        r = ctl({QStringLiteral("user"), QStringLiteral("list")}, QStringLiteral("nobody"));
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        QVERIFY2(r.err.contains(QStringLiteral("nobody")), describe(r).constData());
        const Run users = ctl({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(users.out.toUtf8()).array().size(), 3);
    }

    void schemaCheck()
    {
        QVERIFY(initOffice());
        Run r = ctl({QStringLiteral("check")}, {});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        r = ctl({QStringLiteral("migrate")}, {});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(r.out.contains(QStringLiteral("up to date")), describe(r).constData());
        QVERIFY(
            tamper({QStringLiteral("UPDATE schema_migrations SET checksum = 'altered' WHERE version = 1")}));
        r = ctl({QStringLiteral("check")}, {});
        QVERIFY2(r.exitCode == 3, describe(r).constData());
        r = ctl({QStringLiteral("user"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        r = ctl({QStringLiteral("migrate")}, {});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
    }

    void journalSealRuns()
    {
        QVERIFY(initOffice());
        Run r = ctl({QStringLiteral("journal"), QStringLiteral("seal"), QStringLiteral("--json")},
                    QStringLiteral("auditor"));
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        // Every entry is from today: there is no whole past day to seal.
        QCOMPARE(
            QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("sealedDays")).toInt(-1),
            0);
        r = ctl({QStringLiteral("journal"), QStringLiteral("seal")}, QStringLiteral("clerk"));
        QVERIFY2(r.exitCode == 2, describe(r).constData());
    }

    void desksAndNumberLeases()
    {
        QVERIFY(initOffice());
        // A certificate file: PEM around a DER SEQUENCE with a long-form length.
        QByteArray der("\x30\x82\x01\x00", 4);
        der.append(QByteArray(256, '\x42'));
        const QString fingerprint
            = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
        const QString pem = writeConfig(QStringLiteral("desk1.pem"),
                                        QStringLiteral("-----BEGIN CERTIFICATE-----\n%1\n-----END "
                                                       "CERTIFICATE-----\n")
                                            .arg(QString::fromLatin1(der.toBase64())));
        const QString garbage
            = writeConfig(QStringLiteral("garbage.pem"), QStringLiteral("not a certificate"));

        Run r = ctl({"desk", "add", "Гише 1", "--certificate", pem, "--json"});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value("certSha256").toString(),
                 fingerprint);
        r = ctl({"desk", "add", "Гише 2", "--fingerprint", QString(32, QLatin1Char('A')) + QString(32, 'b')});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        // Refused: the same certificate again, a file that is not a certificate, both or
        // neither source, a bad fingerprint, a clerk.
        r = ctl({"desk", "add", "Гише 3", "--certificate", pem});
        QVERIFY2(r.exitCode == 2 && r.err.contains("already registered"), describe(r).constData());
        r = ctl({"desk", "add", "Гише 3", "--certificate", garbage});
        QVERIFY2(r.exitCode == 2 && r.err.contains("not a certificate"), describe(r).constData());
        r = ctl({"desk", "add", "Гише 3", "--certificate", m_dir.filePath("missing.pem")});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        r = ctl({"desk", "add", "Гише 3"});
        QVERIFY2(r.exitCode == 1, describe(r).constData());
        r = ctl({"desk", "add", "Гише 3", "--fingerprint", "abc"});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        r = ctl({"desk", "add", "Гише 3", "--fingerprint", QString(64, QLatin1Char('c'))}, "clerk");
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        r = ctl({"desk", "list", "--json"});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 2);

        // A lease of three numbers: the counter moves past them.
        r = ctl({"lease", "grant", "--register", "ВК66", "--desk", "Гише 1", "--count", "3", "--json"});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QJsonObject lease = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(lease.value("first").toInteger(), 1);
        QCOMPARE(lease.value("last").toInteger(), 3);
        r = ctl({"lease", "grant", "--register", "ВК66", "--desk", "Гише 1", "--count", "0"});
        QVERIFY2(r.exitCode == 1, describe(r).constData());
        r = ctl({"lease", "grant", "--register", "ВК66", "--desk", "Гише 1", "--count", "2"}, "clerk");
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        r = ctl({"lease", "grant", "--register", "ВК66", "--desk", "Гише 9", "--count", "2"});
        QVERIFY2(r.exitCode == 2 && r.err.contains("No such desk"), describe(r).constData());
        r = registerDocument(QStringLiteral("След лизинга"));
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(QRegularExpression(indexPattern(4)).match(r.out.trimmed()).hasMatch(),
                 describe(r).constData());
        r = ctl({"lease", "list", "--desk", "Гише 1", "--json"});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject().value("active").toBool(),
                 true);

        // Returned: the three unused numbers become annulled entries.
        r = ctl(
            {"lease", "return", lease.value("id").toString(), "--reason", "Краят на прекъсването", "--json"});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value("annulled").toInt(), 3);
        r = ctl({"lease", "return", lease.value("id").toString(), "--reason", "Отново"});
        QVERIFY2(r.exitCode == 2 && r.err.contains("already returned"), describe(r).constData());
        r = ctl({"lease", "return", lease.value("id").toString()});
        QVERIFY2(r.exitCode == 1, describe(r).constData());

        // A removed desk gets no lease.
        r = ctl({"desk", "remove", "Гише 2"});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        r = ctl({"desk", "remove", "Гише 2"});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        r = ctl({"lease", "grant", "--register", "ВК66", "--desk", "Гише 2", "--count", "2"});
        QVERIFY2(r.exitCode == 2 && r.err.contains("disabled"), describe(r).constData());
        r = ctl({"desk", "list"});
        QVERIFY2(r.exitCode == 0 && r.out.contains("removed"), describe(r).constData());
    }

    void serverChecksItsConfiguration()
    {
        Run r = server({QStringLiteral("--database"), m_url});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        QVERIFY2(r.err.contains(QStringLiteral("cannot serve")), describe(r).constData());
        r = server({QStringLiteral("--bogus")});
        QVERIFY2(r.exitCode == 1, describe(r).constData());

        if (!m_pg) {
            r = server({QStringLiteral("--database"), m_url, QStringLiteral("--check-config")});
            QVERIFY2(r.exitCode == 2, describe(r).constData());
            QVERIFY2(!QFile::exists(m_sqlitePath), "--check-config must not create a database");
        }
        QVERIFY(initOffice());

        const QString good = writeConfig(
            QStringLiteral("good.ini"),
            QStringLiteral("[database]\nurl=\"%1\"\n[http]\naddress=::1\nport=8443\n").arg(m_url));
        r = server({QStringLiteral("--config"), good, QStringLiteral("--check-config")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(r.out.contains(QStringLiteral("schema version")), describe(r).constData());
        QVERIFY2(r.out.contains(QStringLiteral("8443")), describe(r).constData());
        r = server({QStringLiteral("--config"), good, QStringLiteral("--migrate")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());

        const QString bad = writeConfig(
            QStringLiteral("bad.ini"),
            QStringLiteral("[database]\nurl=\"%1\"\n[http]\nadress=127.0.0.1\nport=70000\n").arg(m_url));
        r = server({QStringLiteral("--config"), bad, QStringLiteral("--check-config")});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        QVERIFY2(r.err.contains(QStringLiteral("http/adress")), describe(r).constData());
        QVERIFY2(r.err.contains(QStringLiteral("http/port")), describe(r).constData());

        const QString badAddress
            = writeConfig(QStringLiteral("address.ini"), QStringLiteral("[http]\naddress=example.org\n"));
        r = server({QStringLiteral("--config"), badAddress, QStringLiteral("--database"), m_url,
                    QStringLiteral("--check-config")});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
        QVERIFY2(r.err.contains(QStringLiteral("example.org")), describe(r).constData());

        r = server({QStringLiteral("--config"), m_dir.filePath(QStringLiteral("missing.ini")),
                    QStringLiteral("--check-config")});
        QVERIFY2(r.exitCode == 2, describe(r).constData());

        QVERIFY(
            tamper({QStringLiteral("UPDATE schema_migrations SET checksum = 'altered' WHERE version = 2")}));
        r = server({QStringLiteral("--config"), good, QStringLiteral("--check-config")});
        QVERIFY2(r.exitCode == 2, describe(r).constData());
    }

    void serverMigratesANewDatabase()
    {
        if (m_pg)
            QSKIP("creating a database is SQLite's case; the PostgreSQL database already exists");
        Run r = server({QStringLiteral("--database"), m_url, QStringLiteral("--migrate"),
                        QStringLiteral("--check-config")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY(QFile::exists(m_sqlitePath));
        r = ctl({QStringLiteral("check"), QStringLiteral("--json")}, {});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                     .object()
                     .value(QStringLiteral("initialized"))
                     .toBool(true),
                 false);
        QVERIFY(initOffice());
    }

    void helpAndVersion()
    {
        Run r = run({QStringLiteral("--help")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        for (const char *section : {"NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "GLOBAL OPTIONS",
                                    "ENVIRONMENT", "EXIT STATUS", "EXAMPLES"})
            QVERIFY2(r.out.contains(QLatin1String(section) + QLatin1Char('\n')), section);
        QVERIFY(r.out.contains(QStringLiteral("journal verify")));
        r = run({QStringLiteral("help"), QStringLiteral("register")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY(r.out.contains(QStringLiteral("--open-case")));
        r = run({QStringLiteral("annul"), QStringLiteral("--help")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY(r.out.contains(QStringLiteral("--reason")));
        r = run({QStringLiteral("help"), QStringLiteral("nonsense")});
        QCOMPARE(r.exitCode, 1);
        r = run({QStringLiteral("--version")});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY(r.out.startsWith(QStringLiteral("delovodctl")));
    }
};

QTEST_GUILESS_MAIN(tst_Delovodctl)
#include "tst_Delovodctl.moc"
