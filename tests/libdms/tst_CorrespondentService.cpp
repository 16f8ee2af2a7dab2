// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "core/Ids.h"
#include "domain/Egn.h"
#include "search/SearchText.h"
#include "services/CorrespondentService.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QTest>

#include <mutex>
#include <thread>
#include <vector>

using namespace dms;

namespace {

const QString kEgn = QStringLiteral("7501010010");
const QString kOtherEgn = QStringLiteral("8503150060");
const QString kEik = QStringLiteral("831642181");
const QString kOtherEik = QStringLiteral("123456786");
const QString kBranchEik = QStringLiteral("8316421811238");
const QString kGuid = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");

Correspondent citizen(const QString &name, const QString &egn = {})
{
    Correspondent c;
    c.kind = CorrespondentKind::Citizen;
    c.name = name;
    c.egn = egn;
    c.address = QStringLiteral("гр. София 1000, ул. „Раковски“ 1");
    c.email = QStringLiteral("ivan.petrov@example.bg");
    c.phone = QStringLiteral("+359 2 123 4567");
    return c;
}

Correspondent company(const QString &name, const QString &eik)
{
    Correspondent c;
    c.kind = CorrespondentKind::Company;
    c.name = name;
    c.eik = eik;
    c.address = QStringLiteral("гр. Пловдив, бул. „Марица“ 15");
    return c;
}

Correspondent administration(const QString &name, const QString &eik, const QString &guid = {})
{
    Correspondent c;
    c.kind = CorrespondentKind::Administration;
    c.name = name;
    c.eik = eik;
    c.seosGuid = guid;
    return c;
}

qint64 count(TempDatabase &db, const QString &table)
{
    auto conn = db.database().connection();
    if (!conn)
        return -1;
    auto n = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM ") + table);
    return n ? n->toLongLong() : -1;
}

/** Every text of every journal entry, to search for what must not be there. */
QStringList journalTexts(TempDatabase &db)
{
    QStringList out;
    auto conn = db.database().connection();
    if (!conn)
        return {QStringLiteral("no connection")};
    auto rows = Sql::exec(*conn,
                          QStringLiteral("SELECT at, actor, action, entity, entity_id, details,"
                                         " prev_hash, hash FROM audit_journal ORDER BY seq"));
    if (!rows)
        return {rows.error().toString()};
    while (rows->next()) {
        for (int i = 0; i < 8; ++i)
            out << rows->value(i).toString();
    }
    return out;
}

} // namespace

class tst_CorrespondentService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsEachKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("citizen with ЕГН") << int(CorrespondentKind::Citizen);
        QTest::newRow("company") << int(CorrespondentKind::Company);
        QTest::newRow("administration") << int(CorrespondentKind::Administration);
    }

    void createsEachKind()
    {
        QFETCH(int, kind);
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        Correspondent draft;
        switch (CorrespondentKind(kind)) {
        case CorrespondentKind::Citizen:
            draft = citizen(QStringLiteral("Иван Петров Иванов"), kEgn);
            break;
        case CorrespondentKind::Company:
            draft = company(QStringLiteral("„Изток“ ООД"), kEik);
            break;
        case CorrespondentKind::Administration:
            draft = administration(QStringLiteral("Община Пловдив"), kEik, kGuid);
            break;
        }
        auto created = service.create(db.clerk, draft);
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QVERIFY(Ids::isValid(created->id));
        QCOMPARE(int(created->kind), kind);
        QCOMPARE(created->name, draft.name);
        QCOMPARE(created->egn, draft.egn);
        QVERIFY(!created->egnMasked);
        QCOMPARE(created->eik, draft.eik);
        QCOMPARE(created->seosGuid, draft.seosGuid);

        auto read = service.get(db.clerk, created->id);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        QCOMPARE(int(read->kind), kind);
        QCOMPARE(read->name, draft.name);
        QCOMPARE(read->egn, draft.egn);
        QCOMPARE(read->eik, draft.eik);
        QCOMPARE(read->seosGuid, draft.seosGuid);
        QCOMPARE(read->address, draft.address);
        QCOMPARE(read->email, draft.email);
        QCOMPARE(read->phone, draft.phone);

        auto conn = db.database().connection();
        auto row = Sql::exec(*conn,
                             QStringLiteral("SELECT kind, search_key, egn, created_at FROM correspondent"
                                            " WHERE id = ?"),
                             {created->id});
        QVERIFY(row.ok() && row->next());
        QCOMPARE(row->value(0).toString(), toName(CorrespondentKind(kind)));
        QCOMPARE(row->value(1).toString(), SearchText::key(draft.name));
        // Absent identifiers are NULL, so that the unique indexes ignore them.
        QCOMPARE(row->value(2).isNull(), draft.egn.isEmpty());
        QCOMPARE(row->value(3).toString(), db.clock.now().toString(Qt::ISODateWithMs));
    }

    void citizenWithoutEgnAndTrimming()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        Correspondent draft = citizen(QStringLiteral("  Мария Георгиева  "));
        draft.email = QStringLiteral(" maria@пример.бг ");
        draft.phone = QString();
        draft.address = QString();
        auto first = service.create(db.clerk, draft);
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        QCOMPARE(first->name, QStringLiteral("Мария Георгиева"));
        QCOMPARE(first->email, QStringLiteral("maria@пример.бг"));
        QVERIFY(first->egn.isEmpty());
        QVERIFY(!first->egnMasked);
        // Two citizens of the same name and no ЕГН are two people.
        auto second = service.create(db.clerk, draft);
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        QVERIFY(second->id != first->id);
        QCOMPARE(count(db, QStringLiteral("correspondent")), 2);
    }

    void seosGuidIsNormalised()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        auto created
            = service.create(db.clerk,
                             administration(QStringLiteral("Министерство на финансите"), kEik,
                                            QStringLiteral(" {0F8FAD5B-D9CB-469F-A165-70867728950E} ")));
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        QCOMPARE(created->seosGuid, kGuid);
        auto found
            = service.findByIdentifier(db.official, QStringLiteral("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        QVERIFY2(found.ok(), qPrintable(found.error().toString()));
        QCOMPARE(found->id, created->id);
        found = service.findByIdentifier(db.official, QStringLiteral("{") + kGuid + QStringLiteral("}"));
        QVERIFY(found.ok());
        QCOMPARE(found->id, created->id);
        // An administration outside СЕОС has none.
        auto plain = service.create(db.clerk, administration(QStringLiteral("Читалище"), kOtherEik));
        QVERIFY2(plain.ok(), qPrintable(plain.error().toString()));
        QVERIFY(plain->seosGuid.isEmpty());
    }

    void duplicatesAreDetected_data()
    {
        QTest::addColumn<QString>("identifier");
        QTest::newRow("ЕГН") << QStringLiteral("egn");
        QTest::newRow("ЕГН with spaces") << QStringLiteral("egn-padded");
        QTest::newRow("ЕИК, same kind") << QStringLiteral("eik");
        QTest::newRow("ЕИК, other kind") << QStringLiteral("eik-kind");
        QTest::newRow("ЕИК of a branch") << QStringLiteral("eik-branch");
        QTest::newRow("СЕОС GUID") << QStringLiteral("guid");
        QTest::newRow("СЕОС GUID upper-case") << QStringLiteral("guid-upper");
    }

    void duplicatesAreDetected()
    {
        QFETCH(QString, identifier);
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        Correspondent first;
        Correspondent second;
        if (identifier.startsWith(QLatin1String("egn"))) {
            first = citizen(QStringLiteral("Иван Петров"), kEgn);
            second = citizen(QStringLiteral("Иван П. Петров"),
                             identifier == QLatin1String("egn")
                                 ? kEgn
                                 : QString(QStringLiteral(" ") + kEgn + QStringLiteral(" ")));
        } else if (identifier == QLatin1String("eik")) {
            first = company(QStringLiteral("„Изток“ ООД"), kEik);
            second = company(QStringLiteral("Изток ООД"), kEik);
        } else if (identifier == QLatin1String("eik-kind")) {
            first = company(QStringLiteral("„Изток“ ООД"), kEik);
            second = administration(QStringLiteral("Изток"), kEik);
        } else if (identifier == QLatin1String("eik-branch")) {
            first = company(QStringLiteral("„Изток“ ООД, клон Варна"), kBranchEik);
            second = company(QStringLiteral("Изток Варна"), kBranchEik);
        } else {
            first = administration(QStringLiteral("Община Пловдив"), kEik, kGuid);
            second = administration(QStringLiteral("Община Пловдив (СЕОС)"), kOtherEik,
                                    identifier == QLatin1String("guid") ? kGuid : kGuid.toUpper());
        }
        auto created = service.create(db.clerk, first);
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        const qint64 journalBefore = count(db, QStringLiteral("audit_journal"));

        auto duplicate = service.create(db.clerk, second);
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().code, ErrorCode::AlreadyExists);
        QCOMPARE(duplicate.error().detail, created->id);
        QVERIFY(!duplicate.error().message.isEmpty());
        QVERIFY(!duplicate.error().toString().contains(kEgn));
        QCOMPARE(count(db, QStringLiteral("correspondent")), 1);
        QCOMPARE(count(db, QStringLiteral("audit_journal")), journalBefore);

        // Updating another correspondent into the same identifier is refused alike.
        auto other = service.create(db.clerk,
                                    identifier.startsWith(QLatin1String("egn"))
                                        ? citizen(QStringLiteral("Петър Петров"), kOtherEgn)
                                        : company(QStringLiteral("Запад АД"), QStringLiteral("201263052")));
        QVERIFY2(other.ok(), qPrintable(other.error().toString()));
        second.id = other->id;
        auto clash = service.update(db.clerk, second);
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().code, ErrorCode::AlreadyExists);
        QCOMPARE(clash.error().detail, created->id);
        QVERIFY(!clash.error().toString().contains(kEgn));
        auto unchanged = service.get(db.clerk, other->id);
        QVERIFY(unchanged.ok());
        QCOMPARE(unchanged->name, other->name);
    }

    void maskingFollowsThePermission_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<bool>("masked");
        QTest::newRow("clerk") << QStringLiteral("clerk") << false;
        QTest::newRow("administrator") << QStringLiteral("admin") << false;
        QTest::newRow("official") << QStringLiteral("official") << true;
        QTest::newRow("auditor") << QStringLiteral("auditor") << true;
    }

    void maskingFollowsThePermission()
    {
        QFETCH(QString, role);
        QFETCH(bool, masked);
        DMS_OPEN_TEMP_DATABASE(db);
        const Session &session = role == QLatin1String("clerk") ? db.clerk
            : role == QLatin1String("admin")                    ? db.admin
            : role == QLatin1String("official")                 ? db.official
                                                                : db.auditor;
        QCOMPARE(session.can(Permission::ViewPersonalData), !masked);
        CorrespondentService service(db.context());
        auto created = service.create(db.clerk, citizen(QStringLiteral("Иван Петров"), kEgn));
        QVERIFY(created.ok());
        QVERIFY(service.create(db.clerk, company(QStringLiteral("Иванов и сие"), kEik)).ok());
        const QString expected = masked ? QStringLiteral("750101****") : kEgn;

        auto read = service.get(session, created->id);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        QCOMPARE(read->egn, expected);
        QCOMPARE(read->egnMasked, masked);

        auto byEgn = service.findByIdentifier(session, kEgn);
        QVERIFY2(byEgn.ok(), qPrintable(byEgn.error().toString()));
        QCOMPARE(byEgn->id, created->id);
        QCOMPARE(byEgn->egn, expected);

        auto byName = service.findByName(session, QStringLiteral("иван"), 10);
        QVERIFY(byName.ok());
        QCOMPARE(byName->size(), 2);
        QCOMPARE(byName->at(0).id, created->id);
        QCOMPARE(byName->at(0).egn, expected);
        QCOMPARE(byName->at(0).egnMasked, masked);
        // Companies have no ЕГН to mask.
        QVERIFY(byName->at(1).egn.isEmpty());
        QVERIFY(!byName->at(1).egnMasked);
    }

    void revealEgnIsJournalled()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        auto created = service.create(db.clerk, citizen(QStringLiteral("Иван Петров"), kEgn));
        QVERIFY(created.ok());
        const qint64 before = count(db, QStringLiteral("audit_journal"));

        for (const Session *refused : {&db.official, &db.auditor}) {
            auto denied = service.revealEgn(*refused, created->id);
            QVERIFY(!denied.ok());
            QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
        }
        QCOMPARE(service.revealEgn(Session {}, created->id).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(count(db, QStringLiteral("audit_journal")), before);

        db.clock.advance(60 * 1000);
        auto revealed = service.revealEgn(db.clerk, created->id);
        QVERIFY2(revealed.ok(), qPrintable(revealed.error().toString()));
        QCOMPARE(*revealed, kEgn);
        QCOMPARE(count(db, QStringLiteral("audit_journal")), before + 1);

        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("correspondent"), created->id);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).event.action, QStringLiteral("correspondent.create"));
        const AuditEntry &view = history->at(1);
        QCOMPARE(view.event.action, QStringLiteral("personal-data.view"));
        QCOMPARE(view.actor, db.clerk.login);
        QCOMPARE(view.at, db.clock.now());
        QCOMPARE(view.event.entityId, created->id);
        QVERIFY(!AuditJournal::detailsJson(view.event).contains(kEgn.toLatin1()));

        QCOMPARE(
            service.revealEgn(db.clerk, QStringLiteral("0190a0a0-0000-7000-8000-000000000000")).error().code,
            ErrorCode::NotFound);
        auto withoutEgn = service.create(db.clerk, citizen(QStringLiteral("Без ЕГН")));
        QVERIFY(withoutEgn.ok());
        QCOMPARE(service.revealEgn(db.clerk, withoutEgn->id).error().code, ErrorCode::NotFound);
        auto firm = service.create(db.clerk, company(QStringLiteral("Фирма"), kEik));
        QVERIFY(firm.ok());
        QCOMPARE(service.revealEgn(db.admin, firm->id).error().code, ErrorCode::NotFound);
        // Refused and empty look-ups are not journalled as views.
        QCOMPARE(count(db, QStringLiteral("audit_journal")), before + 3);
    }

    void egnNeverReachesTheJournal()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        auto created = service.create(db.clerk, citizen(QStringLiteral("Иван Петров"), kEgn));
        QVERIFY(created.ok());
        Correspondent changed = *created;
        changed.egn = kOtherEgn;
        changed.address = QStringLiteral("гр. Варна");
        QVERIFY(service.update(db.clerk, changed).ok());
        QVERIFY(service.revealEgn(db.clerk, created->id).ok());
        QVERIFY(!service.create(db.clerk, citizen(QStringLiteral("Двойник"), kOtherEgn)).ok());
        QVERIFY(
            !service.create(db.clerk, citizen(QStringLiteral("Грешка"), QStringLiteral("7501010011"))).ok());

        const QStringList texts = journalTexts(db);
        QVERIFY(texts.size() >= 3 * 8);
        for (const QString &text : texts) {
            QVERIFY2(!text.contains(kEgn), qPrintable(text));
            QVERIFY2(!text.contains(kOtherEgn), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("7501010011")), qPrintable(text));
        }
        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("correspondent"), created->id);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("hasEgn")).toBool(), true);
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("citizen"));
        QCOMPARE(history->at(1).event.action, QStringLiteral("correspondent.update"));
        QCOMPARE(history->at(1).event.details.value(QStringLiteral("changed")).toArray(),
                 QJsonArray({QStringLiteral("egn"), QStringLiteral("address")}));
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    }

    void updateRewritesTheRecord()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        auto created = service.create(db.clerk, administration(QStringLiteral("Община Пловдив"), kEik));
        QVERIFY(created.ok());
        Correspondent changed = *created;
        changed.name = QStringLiteral("Община Пловдив — деловодство");
        changed.seosGuid = kGuid.toUpper();
        changed.email = QStringLiteral("delovodstvo@plovdiv.bg");
        auto updated = service.update(db.clerk, changed);
        QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
        QCOMPARE(updated->seosGuid, kGuid);
        auto read = service.get(db.official, created->id);
        QVERIFY(read.ok());
        QCOMPARE(read->name, changed.name);
        QCOMPARE(read->seosGuid, kGuid);
        QCOMPARE(read->email, changed.email);
        auto found = service.findByName(db.official, QStringLiteral("ОБЩИНА ПЛОВДИВ — Д"), 5);
        QVERIFY(found.ok());
        QCOMPARE(found->size(), 1);

        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("correspondent"), created->id);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(1).event.details.value(QStringLiteral("changed")).toArray(),
                 QJsonArray({QStringLiteral("name"), QStringLiteral("seosGuid"), QStringLiteral("email")}));
        QCOMPARE(history->at(1).actor, db.clerk.login);

        // Nothing changed: nothing written.
        const qint64 before = count(db, QStringLiteral("audit_journal"));
        QVERIFY(service.update(db.clerk, *read).ok());
        QCOMPARE(count(db, QStringLiteral("audit_journal")), before);

        Correspondent missing = changed;
        missing.id = QStringLiteral("0190a0a0-0000-7000-8000-000000000000");
        QCOMPARE(service.update(db.clerk, missing).error().code, ErrorCode::NotFound);
        missing.id.clear();
        QCOMPARE(service.update(db.clerk, missing).error().code, ErrorCode::NotFound);
        QCOMPARE(count(db, QStringLiteral("correspondent")), 1);
    }

    void updateKeepsAMaskedEgn()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        auto created = service.create(db.clerk, citizen(QStringLiteral("Иван Петров"), kEgn));
        QVERIFY(created.ok());
        // A form filled from a masked read sends the mask back.
        auto masked = service.get(db.official, created->id);
        QVERIFY(masked.ok());
        QVERIFY(masked->egnMasked);
        Correspondent edited = *masked;
        edited.phone = QStringLiteral("0888 123 456");
        auto updated = service.update(db.clerk, edited);
        QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
        QCOMPARE(updated->egn, kEgn);
        QCOMPARE(service.revealEgn(db.clerk, created->id).valueOr(QString()), kEgn);

        // A mask that is not this record's is no number.
        edited.egn = QStringLiteral("850315****");
        auto refused = service.update(db.clerk, edited);
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
        edited.egn = QStringLiteral("**********");
        QCOMPARE(service.update(db.clerk, edited).error().code, ErrorCode::InvalidInput);

        // Clearing the ЕГН is allowed.
        edited.egn.clear();
        auto cleared = service.update(db.clerk, edited);
        QVERIFY2(cleared.ok(), qPrintable(cleared.error().toString()));
        QVERIFY(cleared->egn.isEmpty());
        QCOMPARE(service.revealEgn(db.clerk, created->id).error().code, ErrorCode::NotFound);
        auto conn = db.database().connection();
        auto stored
            = Sql::scalar(*conn, QStringLiteral("SELECT egn FROM correspondent WHERE id = ?"), {created->id});
        QVERIFY(stored.ok());
        QVERIFY(stored->isNull());
    }

    void findByIdentifier_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("code"); // 0: found
        QTest::newRow("ЕГН") << kEgn << 0;
        QTest::newRow("ЕГН padded") << QStringLiteral("  7501010010\t") << 0;
        QTest::newRow("ЕИК") << kEik << 0;
        QTest::newRow("ЕИК of a branch") << kBranchEik << 0;
        QTest::newRow("СЕОС GUID") << kGuid << 0;
        QTest::newRow("unknown ЕГН") << kOtherEgn << int(ErrorCode::NotFound);
        QTest::newRow("unknown ЕИК") << kOtherEik << int(ErrorCode::NotFound);
        QTest::newRow("unknown GUID")
            << QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7") << int(ErrorCode::NotFound);
        QTest::newRow("ЕГН with bad check digit")
            << QStringLiteral("7501010011") << int(ErrorCode::InvalidInput);
        QTest::newRow("ЕИК with bad check digit")
            << QStringLiteral("831642182") << int(ErrorCode::InvalidInput);
        QTest::newRow("name") << QStringLiteral("Иван Петров") << int(ErrorCode::InvalidInput);
        QTest::newRow("empty") << QString() << int(ErrorCode::InvalidInput);
        QTest::newRow("11 digits") << QStringLiteral("75010100101") << int(ErrorCode::InvalidInput);
        QTest::newRow("injection") << QStringLiteral("' OR 1=1 --") << int(ErrorCode::InvalidInput);
        QTest::newRow("ten letters") << QStringLiteral("abcdefghij") << int(ErrorCode::InvalidInput);
    }

    void findByIdentifier()
    {
        QFETCH(QString, text);
        QFETCH(int, code);
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        auto person = service.create(db.clerk, citizen(QStringLiteral("Иван Петров"), kEgn));
        auto firm = service.create(db.clerk, company(QStringLiteral("„Изток“ ООД"), kEik));
        auto branch
            = service.create(db.clerk, company(QStringLiteral("„Изток“ ООД, клон Варна"), kBranchEik));
        auto office = service.create(
            db.clerk, administration(QStringLiteral("Община Варна"), QStringLiteral("201263052"), kGuid));
        QVERIFY(person.ok() && firm.ok() && branch.ok());
        QVERIFY2(office.ok(), qPrintable(office.error().toString()));
        auto found = service.findByIdentifier(db.official, text);
        if (code == 0) {
            QVERIFY2(found.ok(), qPrintable(found.error().toString()));
            const QString t = text.trimmed();
            const QString expected = t == kEgn ? person->id
                : t == kEik                    ? firm->id
                : t == kBranchEik              ? branch->id
                                               : office->id;
            QCOMPARE(found->id, expected);
            return;
        }
        QVERIFY(!found.ok());
        QCOMPARE(int(found.error().code), code);
        QVERIFY(!found.error().message.isEmpty());
        QVERIFY(!found.error().toString().contains(kOtherEgn));
        QVERIFY(!found.error().toString().contains(QStringLiteral("7501010011")));
    }

    void findByNameIsCaseInsensitive()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        QVERIFY(service.create(db.clerk, citizen(QStringLiteral("ивана Георгиева"))).ok());
        QVERIFY(service.create(db.clerk, citizen(QStringLiteral("Иван Петров"), kEgn)).ok());
        QVERIFY(service.create(db.clerk, company(QStringLiteral("ИЗТОК ООД"), kEik)).ok());
        QVERIFY(service.create(db.clerk, citizen(QStringLiteral("Петър Иванов"))).ok());
        QVERIFY(service.create(db.clerk, citizen(QStringLiteral("100% Иван_ов"))).ok());

        auto ivan = service.findByName(db.official, QStringLiteral("ИВАН"), 10);
        QVERIFY2(ivan.ok(), qPrintable(ivan.error().toString()));
        QCOMPARE(ivan->size(), 2);
        QCOMPARE(ivan->at(0).name, QStringLiteral("Иван Петров"));
        QCOMPARE(ivan->at(1).name, QStringLiteral("ивана Георгиева"));

        auto limited = service.findByName(db.official, QStringLiteral("иван"), 1);
        QVERIFY(limited.ok());
        QCOMPARE(limited->size(), 1);

        auto izt = service.findByName(db.auditor, QStringLiteral("  изток"), 10);
        QVERIFY(izt.ok());
        QCOMPARE(izt->size(), 1);
        QCOMPARE(izt->at(0).name, QStringLiteral("ИЗТОК ООД"));

        // Only prefixes: "Петров" is not the start of any name.
        auto petrov = service.findByName(db.official, QStringLiteral("Петров"), 10);
        QVERIFY(petrov.ok());
        QVERIFY(petrov->isEmpty());

        // LIKE wildcards typed by a user are plain characters.
        auto percent = service.findByName(db.official, QStringLiteral("%"), 10);
        QVERIFY(percent.ok());
        QVERIFY(percent->isEmpty());
        auto underscore = service.findByName(db.official, QStringLiteral("_"), 10);
        QVERIFY(underscore.ok());
        QVERIFY(underscore->isEmpty());
        auto hundred = service.findByName(db.official, QStringLiteral("100% иван_"), 10);
        QVERIFY(hundred.ok());
        QCOMPARE(hundred->size(), 1);
        // As a wildcard "_" would match the space of "иван петров".
        auto literal = service.findByName(db.official, QStringLiteral("иван_"), 10);
        QVERIFY(literal.ok());
        QVERIFY(literal->isEmpty());

        auto all = service.findByName(db.official, QString(), 100);
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 5);

        QCOMPARE(service.findByName(db.official, QStringLiteral("и"), 0).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(
            service.findByName(db.official, QStringLiteral("и"), CorrespondentService::kMaxSearchLimit + 1)
                .error()
                .code,
            ErrorCode::InvalidInput);
    }

    void sqlMetacharactersAreStoredVerbatim()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        const QString nasty
            = QStringLiteral("Robert'); DROP TABLE correspondent; -- \"x\" %_ \\ ; /* */ $$ ? :name $1");
        Correspondent draft = citizen(nasty, kEgn);
        draft.address = nasty + QStringLiteral("\nет. 2");
        draft.phone = nasty.left(CorrespondentService::kMaxPhoneLength).trimmed();
        draft.email = QStringLiteral("o'reilly%_$*/?=^`{|}~!#&-+@example.bg");
        auto created = service.create(db.clerk, draft);
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));

        auto conn = db.database().connection();
        auto row
            = Sql::exec(*conn,
                        QStringLiteral("SELECT name, address, phone, email, search_key FROM correspondent"
                                       " WHERE id = ?"),
                        {created->id});
        QVERIFY(row.ok() && row->next());
        QCOMPARE(row->value(0).toString(), draft.name);
        QCOMPARE(row->value(1).toString(), draft.address);
        QCOMPARE(row->value(2).toString(), draft.phone);
        QCOMPARE(row->value(3).toString(), draft.email);
        QCOMPARE(row->value(4).toString(), SearchText::key(nasty));
        row->finish();

        auto byName = service.findByName(db.official, nasty.left(20), 10);
        QVERIFY2(byName.ok(), qPrintable(byName.error().toString()));
        QCOMPARE(byName->size(), 1);
        QCOMPARE(byName->at(0).name, nasty);

        Correspondent firm = company(nasty, kEik);
        firm.address = nasty;
        auto stored = service.create(db.clerk, firm);
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        Correspondent renamed = *stored;
        renamed.name = nasty + QStringLiteral(" ЕООД");
        auto updated = service.update(db.clerk, renamed);
        QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
        auto read = service.get(db.official, stored->id);
        QVERIFY(read.ok());
        QCOMPARE(read->name, renamed.name);
        QCOMPARE(read->address, nasty);

        QCOMPARE(service.get(db.official, QStringLiteral("' OR '1'='1")).error().code, ErrorCode::NotFound);
        QCOMPARE(count(db, QStringLiteral("correspondent")), 2);
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        const int citizen = int(CorrespondentKind::Citizen);
        const int company = int(CorrespondentKind::Company);
        const int administration = int(CorrespondentKind::Administration);
        QTest::newRow("no name") << citizen << "name" << QString();
        QTest::newRow("blank name") << company << "name" << QStringLiteral(" \t ");
        QTest::newRow("name too long") << citizen << "name" << QString(301, QChar(0x0416));
        QTest::newRow("control character in name") << citizen << "name" << QStringLiteral("Иван\x01Петров");
        QTest::newRow("newline in name") << citizen << "name" << QStringLiteral("Иван\nПетров");
        QTest::newRow("ЕГН check digit") << citizen << "egn" << QStringLiteral("7501010011");
        QTest::newRow("ЕГН date") << citizen << "egn" << QStringLiteral("7513010016");
        QTest::newRow("ЕГН 9 digits") << citizen << "egn" << QStringLiteral("750101001");
        QTest::newRow("ЕГН letters") << citizen << "egn" << QStringLiteral("ЕГН7501010");
        QTest::newRow("citizen with ЕИК") << citizen << "eik" << kEik;
        QTest::newRow("citizen with GUID") << citizen << "guid" << kGuid;
        QTest::newRow("company without ЕИК") << company << "eik" << QString();
        QTest::newRow("company ЕИК check digit") << company << "eik" << QStringLiteral("831642182");
        QTest::newRow("company ЕИК 13 digits check") << company << "eik" << QStringLiteral("8316421811239");
        QTest::newRow("company ЕИК VAT number") << company << "eik" << QStringLiteral("BG831642181");
        QTest::newRow("company with ЕГН") << company << "egn" << kEgn;
        QTest::newRow("company with GUID") << company << "guid" << kGuid;
        QTest::newRow("administration without ЕИК") << administration << "eik" << QString();
        QTest::newRow("administration with ЕГН") << administration << "egn" << kEgn;
        QTest::newRow("GUID malformed") << administration << "guid" << QStringLiteral("not-a-guid");
        QTest::newRow("GUID non-hex")
            << administration << "guid" << QStringLiteral("0f8fad5g-d9cb-469f-a165-70867728950e");
        QTest::newRow("GUID unbalanced brace")
            << administration << "guid" << QString(QStringLiteral("{") + kGuid);
        QTest::newRow("GUID short") << administration << "guid"
                                    << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950");
        QTest::newRow("e-mail without @") << citizen << "email" << QStringLiteral("ivan.example.bg");
        QTest::newRow("e-mail without domain") << citizen << "email" << QStringLiteral("ivan@");
        QTest::newRow("e-mail without TLD") << citizen << "email" << QStringLiteral("ivan@localhost");
        QTest::newRow("e-mail two @") << citizen << "email" << QStringLiteral("ivan@@example.bg");
        QTest::newRow("e-mail space") << citizen << "email" << QStringLiteral("ivan petrov@example.bg");
        QTest::newRow("e-mail double dot") << citizen << "email" << QStringLiteral("ivan..petrov@example.bg");
        QTest::newRow("e-mail injection")
            << citizen << "email" << QStringLiteral("a@b.bg'; DROP TABLE x; --");
        QTest::newRow("e-mail too long") << citizen << "email"
                                         << QString(QString(60, QLatin1Char('a')) + QStringLiteral("@")
                                                    + QString(200, QLatin1Char('b')) + QStringLiteral(".bg"));
        QTest::newRow("address too long") << citizen << "address" << QString(501, QLatin1Char('a'));
        QTest::newRow("address NUL") << citizen << "address"
                                     << QString(QStringLiteral("ул. ") + QChar(0) + QStringLiteral("1"));
        QTest::newRow("phone too long") << citizen << "phone" << QString(51, QLatin1Char('1'));
        QTest::newRow("phone newline") << citizen << "phone" << QStringLiteral("0888\n123");
    }

    void rejectsBadInput()
    {
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QString, value);
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        Correspondent draft;
        switch (CorrespondentKind(kind)) {
        case CorrespondentKind::Citizen:
            draft = citizen(QStringLiteral("Иван Петров"), kEgn);
            break;
        case CorrespondentKind::Company:
            draft = company(QStringLiteral("„Изток“ ООД"), kEik);
            break;
        case CorrespondentKind::Administration:
            draft = administration(QStringLiteral("Община Пловдив"), kEik, kGuid);
            break;
        }
        if (field == QLatin1String("name"))
            draft.name = value;
        else if (field == QLatin1String("egn"))
            draft.egn = value;
        else if (field == QLatin1String("eik"))
            draft.eik = value;
        else if (field == QLatin1String("guid"))
            draft.seosGuid = value;
        else if (field == QLatin1String("email"))
            draft.email = value;
        else if (field == QLatin1String("address"))
            draft.address = value;
        else if (field == QLatin1String("phone"))
            draft.phone = value;
        const qint64 journalBefore = count(db, QStringLiteral("audit_journal"));

        auto created = service.create(db.clerk, draft);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, ErrorCode::InvalidInput);
        QVERIFY(!created.error().message.isEmpty());
        QVERIFY(!created.error().toString().contains(kEgn));
        QVERIFY(!created.error().toString().contains(QStringLiteral("7501010011")));
        QCOMPARE(count(db, QStringLiteral("correspondent")), 0);
        QCOMPARE(count(db, QStringLiteral("audit_journal")), journalBefore);

        // The same through update(): the stored record stays as it was.
        Correspondent valid = draft;
        valid.name = QStringLiteral("Валиден");
        valid.egn = kind == int(CorrespondentKind::Citizen) ? kEgn : QString();
        valid.eik = kind == int(CorrespondentKind::Citizen) ? QString() : kEik;
        valid.seosGuid = kind == int(CorrespondentKind::Administration) ? kGuid : QString();
        valid.email.clear();
        valid.address.clear();
        valid.phone.clear();
        auto stored = service.create(db.clerk, valid);
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        draft.id = stored->id;
        auto updated = service.update(db.clerk, draft);
        QVERIFY(!updated.ok());
        QCOMPARE(updated.error().code, ErrorCode::InvalidInput);
        QVERIFY(!updated.error().toString().contains(kEgn));
        auto read = service.get(db.clerk, stored->id);
        QVERIFY(read.ok());
        QCOMPARE(read->name, valid.name);
        QCOMPARE(read->egn, valid.egn);
        QCOMPARE(read->eik, valid.eik);
        QCOMPARE(count(db, QStringLiteral("audit_journal")), journalBefore + 1);
    }

    void permissionsAreEnforced()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        const Correspondent draft = citizen(QStringLiteral("Иван Петров"), kEgn);
        for (const Session *refused : {&db.official, &db.auditor}) {
            QCOMPARE(service.create(*refused, draft).error().code, ErrorCode::PermissionDenied);
        }
        QCOMPARE(service.create(Session {}, draft).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(count(db, QStringLiteral("correspondent")), 0);

        // A clerk lacks nothing here.
        auto created = service.create(db.clerk, draft);
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        Correspondent changed = *created;
        changed.address = QStringLiteral("гр. Русе");
        QVERIFY(service.update(db.clerk, changed).ok());
        QVERIFY(service.get(db.clerk, created->id).ok());
        QVERIFY(service.findByIdentifier(db.clerk, kEgn).ok());
        QVERIFY(service.findByName(db.clerk, QStringLiteral("Иван")).ok());
        QVERIFY(service.revealEgn(db.clerk, created->id).ok());

        const qint64 journalBefore = count(db, QStringLiteral("audit_journal"));
        changed.address = QStringLiteral("гр. Бургас");
        for (const Session *refused : {&db.official, &db.auditor}) {
            auto denied = service.update(*refused, changed);
            QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
            // Reading is allowed.
            QVERIFY(service.get(*refused, created->id).ok());
            QVERIFY(service.findByName(*refused, QStringLiteral("Иван")).ok());
        }
        QCOMPARE(service.get(Session {}, created->id).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.findByIdentifier(Session {}, kEgn).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.findByName(Session {}, QStringLiteral("Иван")).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(count(db, QStringLiteral("audit_journal")), journalBefore);
        auto read = service.get(db.clerk, created->id);
        QVERIFY(read.ok());
        QCOMPARE(read->address, QStringLiteral("гр. Русе"));

        QVERIFY(service.create(db.admin, company(QStringLiteral("Изток"), kEik)).ok());
    }

    void concurrentDuplicatesYieldOneRecord()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        // Writers that check for the ЕГН at the same moment: on PostgreSQL both
        // checks may pass and the unique index decides; the loser must still get
        // AlreadyExists naming the winner, without the number.
        constexpr int kThreads = 4;
        std::vector<Result<Correspondent>> results;
        for (int t = 0; t < kThreads; ++t)
            results.emplace_back(makeError(ErrorCode::Internal, QStringLiteral("not run")));
        std::vector<std::thread> workers;
        std::mutex gate;
        gate.lock();
        for (int t = 0; t < kThreads; ++t) {
            workers.emplace_back([&db, &results, &gate, t] {
                {
                    std::lock_guard start(gate);
                }
                CorrespondentService service(db.context());
                results[size_t(t)]
                    = service.create(db.clerk, citizen(QStringLiteral("Иван Петров %1").arg(t), kEgn));
            });
        }
        gate.unlock();
        for (std::thread &worker : workers)
            worker.join();

        QString winner;
        for (const auto &result : results) {
            if (result.ok()) {
                QVERIFY2(winner.isEmpty(), "two correspondents got the same ЕГН");
                winner = result->id;
            }
        }
        QVERIFY(!winner.isEmpty());
        for (const auto &result : results) {
            if (result.ok())
                continue;
            QCOMPARE(result.error().code, ErrorCode::AlreadyExists);
            QCOMPARE(result.error().detail, winner);
            QVERIFY(!result.error().toString().contains(kEgn));
        }
        QCOMPARE(count(db, QStringLiteral("correspondent")), 1);
    }

    void getUnknownIsNotFound()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CorrespondentService service(db.context());
        auto missing = service.get(db.official, QStringLiteral("0190a0a0-0000-7000-8000-000000000000"));
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY(!missing.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_CorrespondentService)
#include "tst_CorrespondentService.moc"
