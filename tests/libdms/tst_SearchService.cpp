// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "core/Ids.h"
#include "search/SearchService.h"
#include "search/SearchText.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"

#include <QHash>
#include <QTest>

#include <algorithm>
#include <functional>
#include <limits>
#include <memory>

using namespace dms;

namespace {

/** One document of the shared test set. */
struct Doc
{
    QString label;
    QString where; ///< "in" (ВК66), "di" (ДИ05), "out" (ИЗ01) or "case" (a follow-up of "base")
    QString kind;
    QString subject;
    int correspondent = -1; ///< index into correspondents(), -1 for none
    Channel channel = Channel::Counter;
    AccessLevel access = AccessLevel::Internal;
    QString text;
    QDateTime at; ///< UTC registration time
    bool openCase = false;
    bool annul = false;
    int year = 0; ///< the numbering year the registration must get
};

QStringList correspondents()
{
    return {QStringLiteral("Иван Петров Йорданов"), QStringLiteral("Строител Изток ООД"),
            QStringLiteral("Ministry of Environment"), QStringLiteral("Мария Иванова")};
}

QDateTime utc(const char *text)
{
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate).toUTC();
}

Doc doc(const char *label, const char *where, const char *kind, const char *subject, int correspondent,
        Channel channel, AccessLevel access, const char *text, const char *at, int year)
{
    Doc d;
    d.label = QString::fromUtf8(label);
    d.where = QString::fromUtf8(where);
    d.kind = QString::fromUtf8(kind);
    d.subject = QString::fromUtf8(subject);
    d.correspondent = correspondent;
    d.channel = channel;
    d.access = access;
    d.text = QString::fromUtf8(text);
    d.at = utc(at);
    d.year = year;
    return d;
}

/** The shared set, in registration order (times never go back). */
const QList<Doc> &docs()
{
    static const QList<Doc> all = [] {
        using C = Channel;
        using A = AccessLevel;
        QList<Doc> d;
        d << doc("base", "in", "Заявление", "Строителство на жилищна сграда", 1, C::Counter, A::Internal, "",
                 "2020-12-28T08:00:00Z", 2020);
        d.last().openCase = true;
        d << doc("permitBuild", "in", "Заявление", "Заявление за издаване на разрешение за строеж", 0,
                 C::Counter, A::Internal, "", "2020-12-29T08:00:00Z", 2020);
        d << doc("permitUse", "in", "Писмо", "РАЗРЕШЕНИЕ ЗА ПОЛЗВАНЕ", 1, C::Post, A::Public, "",
                 "2020-12-30T09:15:00Z", 2020);
        d << doc("complaint", "in", "Жалба", "Жалба срещу отказ", 3, C::Email, A::Internal,
                 "Отказът за разрешително е незаконосъобразен.", "2020-12-31T10:00:00Z", 2020);
        // 00:30 on 1 January in Sofia.
        d << doc("newYear", "in", "Писмо", "Поздравление", 2, C::Seos, A::Public, "", "2020-12-31T22:30:00Z",
                 2021);
        d << doc("followUp1", "case", "Допълнение", "Допълнителни документи към преписката", 1, C::Counter,
                 A::Internal, "", "2021-01-04T08:00:00Z", 2020);
        d << doc("accessInfo", "di", "Заявление", "Искане за достъп до обществена информация", 3, C::EService,
                 A::Public, "", "2021-01-04T09:00:00Z", 2021);
        d << doc("englishPermit", "in", "Letter", "Building permit application", 2, C::Seos, A::Internal,
                 "The applicant requests a permit for construction works.", "2021-01-05T08:00:00Z", 2021);
        d << doc("reply", "out", "Писмо", "Отговор на жалба", 3, C::Post, A::Internal, "",
                 "2021-01-05T12:00:00Z", 2021);
        d << doc("secretPermit", "in", "Заявление", "Разрешение за търговия с оръжие", 0, C::Counter,
                 A::Restricted, "", "2021-01-06T08:00:00Z", 2021);
        d << doc("paints", "in", "Оферта", "Доставка на бои за фасадата", 1, C::Email, A::Internal, "",
                 "2021-01-06T10:00:00Z", 2021);
        d << doc("fight", "in", "Сигнал", "Сигнал за бой пред училище", -1, C::Email, A::Public, "",
                 "2021-01-07T08:00:00Z", 2021);
        d << doc("adPermit", "in", "Заявление", "Разрешение за поставяне на реклама", 1, C::Counter,
                 A::Internal, "", "2021-01-07T09:00:00Z", 2021);
        d.last().annul = true;
        d << doc("heirs", "di", "Удостоверение", "Входящ документ", 0, C::Post, A::Internal,
                 "сканиран текст: УДОСТОВЕРЕНИЕ за наследници", "2021-01-08T08:00:00Z", 2021);
        d << doc("report", "out", "Report", "Annual report 2020", 2, C::Email, A::Public, "",
                 "2021-01-08T15:00:00Z", 2021);
        // 00:30 on 11 January in Sofia.
        d << doc("followUp2", "case", "Допълнение", "Становище на главния архитект", -1, C::Internal,
                 A::Internal, "", "2021-01-10T22:30:00Z", 2020);
        d << doc("secretNote", "out", "Писмо", "Служебна бележка", -1, C::Internal, A::Restricted,
                 "разрешение", "2021-01-11T08:00:00Z", 2021);
        const QStringList wheres {QStringLiteral("in"), QStringLiteral("di"), QStringLiteral("out")};
        QDateTime at = utc("2021-01-12T08:00:00Z");
        for (int n = 1; n <= 13; ++n) {
            Doc f;
            f.label = QStringLiteral("f%1").arg(n);
            f.where = wheres.at(n % 3);
            f.kind = QStringLiteral("Справка");
            f.subject = QStringLiteral("Справка за бюджета %1").arg(n);
            f.correspondent = n % 2 == 0 ? 3 : -1;
            f.channel = n % 2 == 0 ? Channel::Email : Channel::Post;
            f.access = AccessLevel::Internal;
            // Two pairs registered in the same millisecond: ties are ordered by id.
            if (n != 7 && n != 13)
                at = at.addSecs(6 * 3600);
            f.at = at;
            f.year = 2021;
            d << f;
        }
        return d;
    }();
    return all;
}

QStringList labelsWhere(const std::function<bool(const Doc &)> &predicate)
{
    QStringList out;
    for (const Doc &d : docs()) {
        if (predicate(d))
            out << d.label;
    }
    return out;
}

QStringList fillers(const std::function<bool(const Doc &)> &predicate = [](const Doc &) { return true; })
{
    return labelsWhere([&](const Doc &d) { return d.label.startsWith(QLatin1Char('f')) && predicate(d); });
}

bool visibleToClerk(const Doc &d)
{
    return d.access != AccessLevel::Restricted;
}

/** The shared set, registered once per run of the test on the engine under test. */
struct Fixture
{
    std::unique_ptr<TempDatabase> db = std::make_unique<TempDatabase>();
    QStringList correspondentIds;
    QHash<QString, Registration> entries;
    QString caseId;
};

} // namespace

class tst_SearchService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Fixture> m_fixture;

    Session sessionFor(const QString &role) const
    {
        TempDatabase &db = *m_fixture->db;
        if (role == QLatin1String("official"))
            return db.official;
        if (role == QLatin1String("auditor"))
            return db.auditor;
        if (role == QLatin1String("admin"))
            return db.admin;
        return db.clerk;
    }

    /** Fills the query fields named in `filters` ("key=value;…"). */
    SearchQuery queryFor(const QString &text, const QString &filters) const
    {
        SearchQuery q;
        q.text = text;
        const QStringList parts = filters.split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            const QString key = part.section(QLatin1Char('='), 0, 0);
            const QString value = part.section(QLatin1Char('='), 1);
            TempDatabase &db = *m_fixture->db;
            if (key == QLatin1String("register"))
                q.registerId = value == QLatin1String("di") ? db.secondRegisterId : value;
            else if (key == QLatin1String("registry"))
                q.registryId = value == QLatin1String("main") ? db.registryId : value;
            else if (key == QLatin1String("registerKind"))
                q.registerKind = registerKindFromName(value);
            else if (key == QLatin1String("kind"))
                q.documentKind = value;
            else if (key == QLatin1String("channel"))
                q.channel = channelFromName(value);
            else if (key == QLatin1String("correspondent"))
                q.correspondentId = m_fixture->correspondentIds.value(value.toInt(), value);
            else if (key == QLatin1String("case"))
                q.caseId = value == QLatin1String("base") ? m_fixture->caseId : value;
            else if (key == QLatin1String("status"))
                q.status = registrationStatusFromName(value);
            else if (key == QLatin1String("index"))
                q.indexPrefix = value;
            else if (key == QLatin1String("from"))
                q.from = QDate::fromString(value, Qt::ISODate);
            else if (key == QLatin1String("to"))
                q.to = QDate::fromString(value, Qt::ISODate);
            else if (key == QLatin1String("year"))
                q.year = value.toInt();
            else if (key == QLatin1String("offset"))
                q.offset = value.toInt();
            else if (key == QLatin1String("limit"))
                q.limit = value.toInt();
            else
                qFatal("unknown filter %s", qPrintable(key));
        }
        return q;
    }

    /** Registration ids of the labelled documents, newest first. */
    QStringList newestFirst(const QStringList &labels) const
    {
        QList<Registration> entries;
        for (const QString &label : labels) {
            Q_ASSERT(m_fixture->entries.contains(label));
            entries << m_fixture->entries.value(label);
        }
        std::sort(entries.begin(), entries.end(), [](const Registration &a, const Registration &b) {
            if (a.registeredAt != b.registeredAt)
                return a.registeredAt > b.registeredAt;
            return a.id > b.id;
        });
        QStringList ids;
        for (const Registration &r : std::as_const(entries))
            ids << r.id;
        return ids;
    }

    QString labelOf(const QString &registrationId) const
    {
        for (auto it = m_fixture->entries.cbegin(); it != m_fixture->entries.cend(); ++it) {
            if (it->id == registrationId)
                return it.key();
        }
        return registrationId;
    }

    QStringList labelsOf(const QStringList &ids) const
    {
        QStringList out;
        for (const QString &id : ids)
            out << labelOf(id);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fixture = std::make_unique<Fixture>();
        TempDatabase &db = *m_fixture->db;
        if (db.skip())
            QSKIP(qPrintable(db.problem()));
        QVERIFY2(db.problem().isEmpty(), qPrintable(db.problem()));
        QVERIFY(db.seed());
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        for (const QString &name : correspondents()) {
            const QString id = Ids::create();
            QVERIFY(
                Sql::exec(*conn,
                          QStringLiteral("INSERT INTO correspondent (id, kind, name, search_key, created_at)"
                                         " VALUES (?, 'company', ?, ?, '2020-01-01T00:00:00.000Z')"),
                          {id, name, SearchText::key(name)})
                    .ok());
            m_fixture->correspondentIds << id;
        }
        RegistrationService service(db.context());
        for (const Doc &d : docs()) {
            db.clock.set(d.at);
            NewRegistration request;
            if (d.where == QLatin1String("in"))
                request.registerId = db.incomingRegisterId;
            else if (d.where == QLatin1String("di"))
                request.registerId = db.secondRegisterId;
            else if (d.where == QLatin1String("out"))
                request.registerId = db.outgoingRegisterId;
            else
                request.caseId = m_fixture->caseId;
            request.openCase = d.openCase;
            request.document.kind = d.kind;
            request.document.subject = d.subject;
            request.document.correspondentId = m_fixture->correspondentIds.value(d.correspondent);
            request.document.channel = d.channel;
            request.document.accessLevel = d.access;
            request.document.fullText = d.text;
            request.document.pageCount = 1;
            auto entry = service.registerDocument(db.admin, request);
            QVERIFY2(entry.ok(), qPrintable(d.label + QStringLiteral(": ") + entry.error().toString()));
            QCOMPARE(entry->year, d.year);
            if (d.openCase)
                m_fixture->caseId = entry->caseId;
            if (d.annul)
                QVERIFY(service.annul(db.admin, entry->id, QStringLiteral("Регистриран по грешка")).ok());
            m_fixture->entries.insert(d.label, *entry);
        }
        QCOMPARE(m_fixture->entries.size(), 30);
    }

    void cleanupTestCase() { m_fixture.reset(); }

    void findsTheSameOnEveryEngine_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("filters");
        QTest::addColumn<QStringList>("expected");

        const auto all = [](const Doc &) {
            return true;
        };
        const auto row = [](const char *name, const char *role, const char *text, const char *filters,
                            const QStringList &expected) {
            QTest::newRow(name) << QString::fromLatin1(role) << QString::fromUtf8(text)
                                << QString::fromUtf8(filters) << expected;
        };
        const QStringList visible = labelsWhere(visibleToClerk);
        const QStringList razreshenieClerk {QStringLiteral("permitBuild"), QStringLiteral("permitUse"),
                                            QStringLiteral("adPermit")};

        row("everything, clerk", "clerk", "", "", visible);
        row("everything, official", "official", "", "", labelsWhere(all));
        row("everything, auditor", "auditor", "", "", labelsWhere(all));

        // Words: case, Cyrillic, prefixes, AND, й against и.
        row("word", "clerk", "разрешение", "", razreshenieClerk);
        row("word in capitals", "clerk", "РАЗРЕШЕНИЕ", "", razreshenieClerk);
        row("word mixed case", "clerk", "РаЗрЕшЕнИе", "", razreshenieClerk);
        row("word, restricted shown to official", "official", "разрешение", "",
            razreshenieClerk + QStringList {QStringLiteral("secretPermit"), QStringLiteral("secretNote")});
        row("prefix", "clerk", "разреш*", "", razreshenieClerk + QStringList {QStringLiteral("complaint")});
        row("prefix in capitals", "clerk", "РАЗРЕШ*", "",
            razreshenieClerk + QStringList {QStringLiteral("complaint")});
        row("prefix with two stars", "clerk", "разреш**", "",
            razreshenieClerk + QStringList {QStringLiteral("complaint")});
        row("word is not a prefix", "clerk", "разреш", "", {});
        row("star before is no prefix", "clerk", "*разрешение", "", razreshenieClerk);
        row("star after a space is no prefix", "clerk", "разреш *", "", {});
        row("two words", "clerk", "разрешение строеж", "", {QStringLiteral("permitBuild")});
        row("two words, one prefix", "clerk", "строеж разр*", "", {QStringLiteral("permitBuild")});
        row("two words in no document", "clerk", "разрешение жалба", "", {});
        row("й", "clerk", "бой", "", {QStringLiteral("fight")});
        row("и", "clerk", "бои", "", {QStringLiteral("paints")});
        row("й in a name", "clerk", "Йорданов", "", {QStringLiteral("permitBuild"), QStringLiteral("heirs")});
        row("и for й in a name", "clerk", "Иорданов", "", {});
        row("name, restricted shown", "official", "йорданов", "",
            {QStringLiteral("permitBuild"), QStringLiteral("heirs"), QStringLiteral("secretPermit")});
        row("kind", "clerk", "удостоверение", "", {QStringLiteral("heirs")});
        row("kind and subject", "clerk", "жалба", "", {QStringLiteral("complaint"), QStringLiteral("reply")});
        row("correspondent name", "clerk", "изток", "",
            labelsWhere([](const Doc &d) { return d.correspondent == 1; }));
        row("full text", "clerk", "наследници", "", {QStringLiteral("heirs")});
        row("full text with punctuation", "clerk", "незаконосъобразен.", "", {QStringLiteral("complaint")});
        row("English", "clerk", "PERMIT", "", {QStringLiteral("englishPermit")});
        row("English prefix", "clerk", "constr*", "", {QStringLiteral("englishPermit")});
        row("English name", "clerk", "ministry environment", "",
            labelsWhere([](const Doc &d) { return d.correspondent == 2; }));
        row("number word", "clerk", "2020", "",
            {QStringLiteral("base"), QStringLiteral("permitBuild"), QStringLiteral("permitUse"),
             QStringLiteral("complaint"), QStringLiteral("report")});
        row("index part: register", "clerk", "ДИ05", "",
            labelsWhere([](const Doc &d) { return d.where == QLatin1String("di"); }));
        row("index part: registry and year", "clerk", "соа20", "",
            labelsWhere([](const Doc &d) { return d.year == 2020; }));
        row("whole index", "clerk", "СОА21-ДИ05-1/04.01.2021", "", {QStringLiteral("accessInfo")});
        row("follow-up index", "clerk", "СОА20-ВК66-1/2/11.01.2021", "", {QStringLiteral("followUp2")});

        // Query syntax of either engine is only punctuation between words.
        row("lone quote", "clerk", "\"", "", visible);
        row("lone star", "clerk", "*", "", visible);
        row("stars", "clerk", "** *", "", visible);
        row("operators as words", "clerk", "AND OR NOT", "", {});
        row("OR is a word", "clerk", "разрешение OR строеж", "", {});
        row("NOT is a word", "clerk", "NOT разрешение", "", {});
        row("NEAR", "clerk", "NEAR(разрешение", "", {});
        row("NEAR group", "clerk", "NEAR(разрешение строеж, 2)", "", {});
        row("minus", "clerk", "-разрешение", "", razreshenieClerk);
        row("lone minus", "clerk", "-", "", visible);
        row("colon", "clerk", ":", "", visible);
        row("column filter", "clerk", "terms:разрешение", "", {});
        row("caret", "clerk", "^разрешение", "", razreshenieClerk);
        row("parentheses", "clerk", "(разрешение)", "", razreshenieClerk);
        row("empty parentheses", "clerk", "()", "", visible);
        row("apostrophes", "clerk", "'разрешение'", "", razreshenieClerk);
        row("lone apostrophe", "clerk", "'", "", visible);
        row("quoted phrase", "clerk", "\"разрешение за строеж\"", "", {QStringLiteral("permitBuild")});
        row("quoted prefix is no prefix", "clerk", "\"разреш\"*", "", {});
        row("tsquery syntax", "clerk", "'разрешение':* & !строеж | <->", "", {QStringLiteral("permitBuild")});
        row("backslashes", "clerk", "\\ \\\\ разрешение\\", "", razreshenieClerk);
        row("SQL", "clerk", "'; DROP TABLE document; --", "", {});
        row("braces and plus", "clerk", "{разрешение} +строеж", "", {QStringLiteral("permitBuild")});

        // Metadata filters.
        row("register", "clerk", "", "register=di",
            labelsWhere([](const Doc &d) { return d.where == QLatin1String("di"); }));
        row("unknown register", "clerk", "", "register=0190a0a0-0000-7000-8000-000000000000", {});
        row("malformed register", "clerk", "", "register=' OR 1=1 --", {});
        row("registry", "clerk", "", "registry=main", visible);
        row("unknown registry", "clerk", "", "registry=0190a0a0-0000-7000-8000-000000000000", {});
        row("register kind", "official", "", "registerKind=outgoing",
            labelsWhere([](const Doc &d) { return d.where == QLatin1String("out"); }));
        row("register kind, clerk", "clerk", "", "registerKind=outgoing",
            labelsWhere([](const Doc &d) { return d.where == QLatin1String("out") && visibleToClerk(d); }));
        row("document kind", "clerk", "", "kind=Заявление", labelsWhere([](const Doc &d) {
                return d.kind == QStringLiteral("Заявление") && visibleToClerk(d);
            }));
        row("document kind is exact", "clerk", "", "kind=заявление", {});
        row("channel", "clerk", "", "channel=email",
            labelsWhere([](const Doc &d) { return d.channel == Channel::Email; }));
        row("correspondent", "clerk", "", "correspondent=3",
            labelsWhere([](const Doc &d) { return d.correspondent == 3; }));
        row("case", "clerk", "", "case=base",
            {QStringLiteral("base"), QStringLiteral("followUp1"), QStringLiteral("followUp2")});
        row("unknown case", "clerk", "", "case=0190a0a0-0000-7000-8000-000000000000", {});
        row("annulled", "clerk", "", "status=annulled", {QStringLiteral("adPermit")});
        row("active", "clerk", "", "status=active",
            labelsWhere([](const Doc &d) { return !d.annul && visibleToClerk(d); }));
        row("index prefix", "clerk", "", "index=СОА20-ВК66-1/",
            {QStringLiteral("base"), QStringLiteral("followUp1"), QStringLiteral("followUp2")});
        row("index prefix of follow-ups", "clerk", "", "index=СОА20-ВК66-1/1/",
            {QStringLiteral("followUp1")});
        row("index prefix is case-sensitive", "clerk", "", "index=соа20", {});
        row("index prefix with wildcards", "clerk", "", "index=%", {});
        row("index prefix with underscore", "clerk", "", "index=_ОА", {});
        row("year", "clerk", "", "year=2020", labelsWhere([](const Doc &d) { return d.year == 2020; }));
        row("unknown year", "clerk", "", "year=1999", {});
        row("local date of a late registration", "clerk", "", "from=2021-01-01;to=2021-01-01",
            {QStringLiteral("newYear")});
        row("day before in UTC is not included", "clerk", "", "from=2020-12-31;to=2020-12-31",
            {QStringLiteral("complaint")});
        row("late evening counts for the next day", "official", "", "from=2021-01-11;to=2021-01-11",
            {QStringLiteral("followUp2"), QStringLiteral("secretNote")});
        row("to date", "clerk", "", "to=2020-12-30",
            {QStringLiteral("base"), QStringLiteral("permitBuild"), QStringLiteral("permitUse")});
        row("from date", "clerk", "", "from=2021-01-13",
            labelsWhere([](const Doc &d) { return d.at >= utc("2021-01-13T00:00:00Z"); }));
        row("from after to", "clerk", "", "from=2021-01-10;to=2021-01-05", {});

        // Words and metadata together.
        row("word and status", "clerk", "разрешение", "status=active",
            {QStringLiteral("permitBuild"), QStringLiteral("permitUse")});
        row("word and channel", "clerk", "разрешение", "channel=counter;status=active",
            {QStringLiteral("permitBuild")});
        row("word and register", "clerk", "справка", "register=di",
            fillers([](const Doc &d) { return d.where == QLatin1String("di"); }));
        row("word and dates", "clerk", "справка", "from=2021-01-14;to=2021-01-14",
            fillers([](const Doc &d) { return d.at.date() == QDate(2021, 1, 14); }));
        row("word and year", "clerk", "допълнение", "year=2020",
            {QStringLiteral("followUp1"), QStringLiteral("followUp2")});
        row("word and case", "clerk", "строителство", "case=base", {QStringLiteral("base")});
        row("word and correspondent", "clerk", "справка", "correspondent=3",
            fillers([](const Doc &d) { return d.correspondent == 3; }));
        row("word and registry", "official", "служебна", "registry=main", {QStringLiteral("secretNote")});
        row("word and index prefix", "clerk", "2021", "index=СОА20",
            {QStringLiteral("followUp1"), QStringLiteral("followUp2")});
        row("word, restricted hidden", "clerk", "служебна", "", {});
        row("word and kind", "clerk", "разрешение", "kind=Писмо", {QStringLiteral("permitUse")});
        row("word and unknown register", "clerk", "разрешение", "register=nope", {});
        row("word and unknown year", "clerk", "справка", "year=1999", {});
        row("word and from after to", "clerk", "справка", "from=2021-01-14;to=2021-01-13", {});
        row("word and from", "clerk", "справка", "from=2021-01-14",
            fillers([](const Doc &d) { return d.at >= utc("2021-01-13T22:00:00Z"); }));
        row("word and to", "clerk", "разрешение", "to=2020-12-31",
            {QStringLiteral("permitBuild"), QStringLiteral("permitUse")});
        row("word and late evening date", "official", "служебна становище", "from=2021-01-11;to=2021-01-11",
            {});
        row("word and late evening", "clerk", "становище", "from=2021-01-11;to=2021-01-11",
            {QStringLiteral("followUp2")});
        row("word and day before late evening", "clerk", "становище", "to=2021-01-10", {});
        row("word, correspondent and dates", "clerk", "справка",
            "correspondent=3;from=2021-01-13;to=2021-01-14", fillers([](const Doc &d) {
                return d.correspondent == 3 && d.at >= utc("2021-01-12T22:00:00Z")
                    && d.at < utc("2021-01-14T22:00:00Z");
            }));
        row("word, index prefix and year", "clerk", "допълнение", "index=СОА20-ВК66-1/;year=2020",
            {QStringLiteral("followUp1"), QStringLiteral("followUp2")});
    }

    void findsTheSameOnEveryEngine()
    {
        QFETCH(QString, role);
        QFETCH(QString, text);
        QFETCH(QString, filters);
        QFETCH(QStringList, expected);
        QVERIFY(m_fixture);
        SearchService service(m_fixture->db->context());
        const Session session = sessionFor(role);
        const QStringList want = newestFirst(expected);
        // Every plan SQLite may choose (never narrow, the default, always narrow) gives the same answer.
        for (const int narrowLimit :
             {0, SearchService::kDefaultNarrowLimit, std::numeric_limits<int>::max()}) {
            service.setNarrowLimit(narrowLimit);
            SearchQuery query = queryFor(text, filters);
            query.limit = 100;
            auto result = service.search(session, query);
            QVERIFY2(result.ok(), qPrintable(result.error().toString()));
            QStringList got;
            for (const DocumentSummary &hit : std::as_const(result->hits))
                got << hit.registrationId;
            QCOMPARE(labelsOf(got), labelsOf(want));
            QCOMPARE(got, want);
            QVERIFY(!result->hasMore);

            auto counted = service.count(session, query);
            QVERIFY2(counted.ok(), qPrintable(counted.error().toString()));
            QCOMPARE(*counted, qint64(want.size()));

            // Every page of three gives the same list.
            QStringList paged;
            query.limit = 3;
            for (query.offset = 0; query.offset <= want.size(); query.offset += 3) {
                auto page = service.search(session, query);
                QVERIFY2(page.ok(), qPrintable(page.error().toString()));
                QVERIFY(page->hits.size() <= 3);
                for (const DocumentSummary &hit : std::as_const(page->hits))
                    paged << hit.registrationId;
                QCOMPARE(page->hasMore, query.offset + 3 < want.size());
            }
            QCOMPARE(labelsOf(paged), labelsOf(want));
        }
    }

    void pages_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("expectedOffset");
        QTest::addColumn<int>("expectedCount");
        QTest::addColumn<bool>("hasMore");
        // 28 documents are visible to the clerk, 13 of them are "справка".
        QTest::newRow("first page") << QString() << 0 << 10 << 0 << 10 << true;
        QTest::newRow("second page") << QString() << 10 << 10 << 10 << 10 << true;
        QTest::newRow("last page") << QString() << 20 << 10 << 20 << 8 << false;
        QTest::newRow("exactly the rest") << QString() << 18 << 10 << 18 << 10 << false;
        QTest::newRow("past the end") << QString() << 100 << 10 << 28 << 0 << false;
        QTest::newRow("negative offset") << QString() << -5 << 10 << 0 << 10 << true;
        QTest::newRow("zero limit is one") << QString() << 0 << 0 << 0 << 1 << true;
        QTest::newRow("negative limit is one") << QString() << 3 << -7 << 3 << 1 << true;
        QTest::newRow("huge limit is clamped") << QString() << 0 << 1000000 << 0 << 28 << false;
        QTest::newRow("text, first page") << QStringLiteral("справка") << 0 << 5 << 0 << 5 << true;
        QTest::newRow("text, across a tie") << QStringLiteral("справка") << 5 << 2 << 5 << 2 << true;
        QTest::newRow("text, inside a tie") << QStringLiteral("справка") << 1 << 1 << 1 << 1 << true;
        QTest::newRow("text, last page") << QStringLiteral("справка") << 10 << 5 << 10 << 3 << false;
        QTest::newRow("text, past the end") << QStringLiteral("справка") << 13 << 5 << 13 << 0 << false;
        QTest::newRow("text, zero limit") << QStringLiteral("справка") << 0 << 0 << 0 << 1 << true;
        QTest::newRow("text, huge limit") << QStringLiteral("справка") << -1 << 5000 << 0 << 13 << false;
    }

    void pages()
    {
        QFETCH(QString, text);
        QFETCH(int, offset);
        QFETCH(int, limit);
        QFETCH(int, expectedOffset);
        QFETCH(int, expectedCount);
        QFETCH(bool, hasMore);
        QVERIFY(m_fixture);
        SearchService service(m_fixture->db->context());
        const Session clerk = m_fixture->db->clerk;
        SearchQuery query;
        query.text = text;
        query.offset = offset;
        query.limit = limit;
        auto result = service.search(clerk, query);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        const QStringList all = newestFirst(text.isEmpty() ? labelsWhere(visibleToClerk) : fillers());
        QStringList got;
        for (const DocumentSummary &hit : std::as_const(result->hits))
            got << hit.registrationId;
        QCOMPARE(labelsOf(got), labelsOf(all.mid(expectedOffset, expectedCount)));
        QCOMPARE(result->hasMore, hasMore);
    }

    void tiesAreOrderedById()
    {
        QVERIFY(m_fixture);
        const Registration a = m_fixture->entries.value(QStringLiteral("f6"));
        const Registration b = m_fixture->entries.value(QStringLiteral("f7"));
        QCOMPARE(a.registeredAt, b.registeredAt);
        SearchService service(m_fixture->db->context());
        for (const QString &text : {QString(), QStringLiteral("справка")}) {
            SearchQuery query;
            query.text = text;
            query.from = QDate(2021, 1, 13);
            query.to = QDate(2021, 1, 13);
            auto result = service.search(m_fixture->db->clerk, query);
            QVERIFY(result.ok());
            QStringList ids;
            for (const DocumentSummary &hit : std::as_const(result->hits)) {
                if (hit.registeredAt == a.registeredAt)
                    ids << hit.registrationId;
            }
            QCOMPARE(ids.size(), 2);
            QVERIFY(ids.at(0) > ids.at(1));
        }
    }

    void summariesCarryTheRow()
    {
        QVERIFY(m_fixture);
        SearchService service(m_fixture->db->context());
        SearchQuery query;
        query.text = QStringLiteral("становище");
        auto result = service.search(m_fixture->db->clerk, query);
        QVERIFY(result.ok());
        QCOMPARE(result->hits.size(), 1);
        const DocumentSummary &hit = result->hits.first();
        const Registration entry = m_fixture->entries.value(QStringLiteral("followUp2"));
        QCOMPARE(hit.registrationId, entry.id);
        QCOMPARE(hit.documentId, entry.documentId);
        QCOMPARE(hit.index, QStringLiteral("СОА20-ВК66-1/2/11.01.2021"));
        QCOMPARE(hit.registeredAt, utc("2021-01-10T22:30:00Z"));
        QCOMPARE(hit.registeredOn, QDate(2021, 1, 11));
        QCOMPARE(hit.registerId, m_fixture->db->incomingRegisterId);
        QCOMPARE(hit.registerCode, QStringLiteral("ВК66"));
        QCOMPARE(hit.kind, QStringLiteral("Допълнение"));
        QCOMPARE(hit.subject, QStringLiteral("Становище на главния архитект"));
        QCOMPARE(hit.correspondentName, QString());
        QCOMPARE(hit.channel, Channel::Internal);
        QCOMPARE(hit.accessLevel, AccessLevel::Internal);
        QCOMPARE(hit.status, RegistrationStatus::Active);
        QCOMPARE(hit.pageCount, 1);
        QCOMPARE(hit.caseId, m_fixture->caseId);

        query.text = QStringLiteral("реклама");
        result = service.search(m_fixture->db->clerk, query);
        QVERIFY(result.ok());
        QCOMPARE(result->hits.size(), 1);
        QCOMPARE(result->hits.first().status, RegistrationStatus::Annulled);
        QCOMPARE(result->hits.first().correspondentName, QStringLiteral("Строител Изток ООД"));
        QCOMPARE(result->hits.first().caseId, QString());
    }

    void refusesSessionsThatMayNotRead()
    {
        QVERIFY(m_fixture);
        SearchService service(m_fixture->db->context());
        Session nobody;
        nobody.userId = Ids::create();
        nobody.login = QStringLiteral("nobody");
        for (const Session &session : {Session {}, nobody}) {
            QCOMPARE(service.search(session, SearchQuery {}).error().code, ErrorCode::PermissionDenied);
            QCOMPARE(service.count(session, SearchQuery {}).error().code, ErrorCode::PermissionDenied);
        }
    }

    void refusesOversizedQueries_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("too long") << QString(SearchService::kMaxTextLength + 1, QLatin1Char('a'));
        QStringList many;
        for (int i = 0; i <= SearchService::kMaxWords; ++i)
            many << QStringLiteral("w%1").arg(i);
        QTest::newRow("too many words") << many.join(QLatin1Char(' '));
        QTest::newRow("word too long") << QString(SearchService::kMaxWordLength + 1, QChar(0x0436));
    }

    void refusesOversizedQueries()
    {
        QFETCH(QString, text);
        QVERIFY(m_fixture);
        SearchService service(m_fixture->db->context());
        SearchQuery query;
        query.text = text;
        auto result = service.search(m_fixture->db->clerk, query);
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(!result.error().message.isEmpty());
        QCOMPARE(service.count(m_fixture->db->clerk, query).error().code, ErrorCode::InvalidInput);
    }

    void acceptsTheLongestQueries()
    {
        QVERIFY(m_fixture);
        SearchService service(m_fixture->db->context());
        QStringList words {QStringLiteral("справка")};
        for (int i = 0; i < SearchService::kMaxWords - 2; ++i)
            words << QStringLiteral("w%1").arg(i);
        words << QString(SearchService::kMaxWordLength, QChar(0x0436)) + QLatin1Char('*');
        SearchQuery query;
        query.text = words.join(QLatin1Char(' '));
        auto result = service.search(m_fixture->db->clerk, query);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QVERIFY(result->hits.isEmpty());
    }

    void refusesImpossibleDates()
    {
        QVERIFY(m_fixture);
        SearchService service(m_fixture->db->context());
        SearchQuery query;
        query.from = QDate(12000, 1, 1);
        QCOMPARE(service.search(m_fixture->db->clerk, query).error().code, ErrorCode::InvalidInput);
        query.from = QDate();
        query.to = QDate(-5, 1, 1);
        QCOMPARE(service.count(m_fixture->db->clerk, query).error().code, ErrorCode::InvalidInput);
    }

    void nothingWasChangedBySearches()
    {
        QVERIFY(m_fixture);
        auto conn = m_fixture->db->database().connection();
        QVERIFY(conn.ok());
        for (const char *table : {"document", "registration", "search_entry"}) {
            auto n = Sql::scalar(*conn, QStringLiteral("SELECT count(*) FROM ") + QLatin1String(table));
            QVERIFY(n.ok());
            QCOMPARE(n->toInt(), 30);
        }
    }

    void queryWords_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words"); // a trailing '*' marks a prefix
        QTest::newRow("empty") << QString() << QStringList {};
        QTest::newRow("word") << QStringLiteral("Разрешение") << QStringList {QStringLiteral("разрешение")};
        QTest::newRow("prefix") << QStringLiteral("РАЗРЕШ*") << QStringList {QStringLiteral("разреш*")};
        QTest::newRow("two stars") << QStringLiteral("ab**") << QStringList {QStringLiteral("ab*")};
        QTest::newRow("lone star") << QStringLiteral(" * ") << QStringList {};
        QTest::newRow("star first") << QStringLiteral("*ab") << QStringList {QStringLiteral("ab")};
        QTest::newRow("star in a word")
            << QStringLiteral("ab*cd") << QStringList {QStringLiteral("ab*"), QStringLiteral("cd")};
        QTest::newRow("after punctuation") << QStringLiteral("ab.*") << QStringList {QStringLiteral("ab")};
        QTest::newRow("hyphenated") << QStringLiteral("foo-bar*")
                                    << QStringList {QStringLiteral("foo"), QStringLiteral("bar*")};
        QTest::newRow("quotes") << QStringLiteral(
            "\"a b\"* c*") << QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c*")};
        QTest::newRow("operators") << QStringLiteral("NEAR(a, b) AND NOT c")
                                   << QStringList {QStringLiteral("near"), QStringLiteral("a"),
                                                   QStringLiteral("b"),    QStringLiteral("and"),
                                                   QStringLiteral("not"),  QStringLiteral("c")};
        QTest::newRow("й kept") << QStringLiteral("Йод* и")
                                << QStringList {QStringLiteral("йод*"), QStringLiteral("и")};
        // и + combining breve is й once normalised.
        QTest::newRow("decomposed й") << QStringLiteral("и\u0306од*") << QStringList {QStringLiteral("йод*")};
        QTest::newRow("digits") << QStringLiteral("2118/1*")
                                << QStringList {QStringLiteral("2118"), QStringLiteral("1*")};
    }

    void queryWords()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        QStringList got;
        for (const SearchWord &word : SearchService::queryWords(text))
            got << word.word + (word.prefix ? QStringLiteral("*") : QString());
        QCOMPARE(got, words);
    }
};

QTEST_GUILESS_MAIN(tst_SearchService)
#include "tst_SearchService.moc"
