// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/DemoData.h"

#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "domain/BulgarianCalendar.h"
#include "domain/Correspondent.h"
#include "domain/Egn.h"
#include "domain/Eik.h"
#include "services/CorrespondentService.h"
#include "services/RegistrationService.h"
#include "services/RegistryService.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSet>

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>

namespace dms {

namespace {

QString utf8(const char *text)
{
    return QString::fromUtf8(text);
}

/** The time the services see while the demo runs: moved through the schedule,
 *  never backwards, so the journal stays in time order. */
class ScheduleClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_ms.load(), Qt::UTC); }
    /** Moves to `at`, or just past the current time if `at` is not later. */
    void moveTo(const QDateTime &at)
    {
        const qint64 target = at.toMSecsSinceEpoch();
        m_ms.store(std::max(target, m_ms.load() + 1));
    }

private:
    std::atomic<qint64> m_ms {0};
};

/** The seeded source of every choice, so that a seed gives the same data. */
class Dice
{
public:
    explicit Dice(quint32 seed)
        : m_generator(seed)
    { }
    int below(int n) { return n <= 1 ? 0 : int(m_generator.bounded(quint32(n))); }
    int between(int low, int high) { return low + below(high - low + 1); }
    bool chance(int percent) { return below(100) < percent; }
    template<class T, std::size_t N>
    const T &pick(const T (&items)[N])
    {
        return items[below(int(N))];
    }
    template<std::size_t N>
    QString text(const char *const (&items)[N])
    {
        return utf8(items[below(int(N))]);
    }
    QString digits(int count)
    {
        QString out;
        for (int i = 0; i < count; ++i)
            out += QChar(char16_t(u'0' + below(10)));
        return out;
    }

private:
    QRandomGenerator m_generator;
};

const char *const kMaleFirst[]
    = {"Иван",   "Георги", "Димитър",  "Николай", "Петър",  "Христо",   "Стоян",  "Тодор", "Александър",
       "Мартин", "Васил",  "Красимир", "Любомир", "Цветан", "Борислав", "Калоян", "Емил",  "Атанас"};
const char *const kFemaleFirst[] = {"Мария",   "Елена",    "Йорданка", "Десислава", "Анна",   "Виктория",
                                    "Гергана", "Надежда",  "Радка",    "Цветелина", "Силвия", "Теодора",
                                    "Милена",  "Веселина", "Росица",   "Ивелина",   "Петя",   "Снежана"};
// Surnames and patronymics in the masculine form; the feminine adds "а".
const char *const kSurnames[]
    = {"Иванов", "Георгиев", "Димитров", "Петров",  "Николов",  "Стоянов", "Тодоров",    "Христов",
       "Колев",  "Маринов",  "Павлов",   "Ангелов", "Атанасов", "Василев", "Костадинов", "Йорданов",
       "Илиев",  "Симеонов", "Пенев",    "Райков",  "Цветков",  "Митев",   "Кирилов",    "Славов"};
const char *const kPatronymics[] = {"Иванов",  "Георгиев", "Димитров", "Николаев", "Петров",
                                    "Христов", "Стоянов",  "Тодоров",  "Василев",  "Ангелов"};

const char *const kStreets[]
    = {"Граф Игнатиев", "Витошка",         "Шипка",        "Г. С. Раковски", "Оборище",
       "Цар Симеон",    "Пиротска",        "Позитано",     "Солунска",       "Кракра",
       "Гурко",         "Цар Иван Шишман", "Христо Ботев", "Екзарх Йосиф",   "Братя Миладинови",
       "Бачо Киро",     "Московска",       "Неофит Рилски"};
const char *const kComplexes[]
    = {"Младост 1", "Младост 3",    "Люлин 5",       "Дружба 2", "Надежда 3", "Овча купел",
       "Гео Милев", "Света Троица", "Красна поляна", "Зона Б-5", "Стрелбище", "Хаджи Димитър"};
const char *const kDistricts[]
    = {"Младост", "Лозенец",  "Люлин",  "Надежда", "Оборище", "Красно село",   "Студентски",
       "Илинден", "Триадица", "Витоша", "Слатина", "Изгрев",  "Красна поляна", "Овча купел"};
const char *const kDirectorates[] = {"Архитектура и градоустройство",
                                     "Социални дейности",
                                     "Обществени поръчки",
                                     "Правно-нормативно обслужване",
                                     "Зелена система",
                                     "Транспорт",
                                     "Финанси",
                                     "Култура"};
const char *const kCompanies[]
    = {"Строймонтаж-БГ ЕООД", "Еко Транс 2010 ООД",  "Витоша Инвест АД",        "Зелен град ЕООД",
       "Инфра Билд ООД",      "Лайт Системс ЕООД",   "Бял камък ООД",           "Медикал Консулт ЕООД",
       "Агро Трейд 77 ООД",   "Дигитал Сървисис АД", "Пътна сигнализация ЕООД", "Кафе Централ ООД"};
// Public bodies by function; the demo gives them made-up ЕИК numbers, not their real ones.
const char *const kAdministrations[]
    = {"Областна администрация на област София", "Министерство на регионалното развитие и благоустройството",
       "Районна администрация „Младост“",        "Районна администрация „Лозенец“",
       "Агенция за социално подпомагане",        "Национална агенция за приходите",
       "Регионална здравна инспекция – София",   "Столична дирекция на вътрешните работи",
       "Регионална дирекция по горите – София",  "Омбудсман на Република България"};

struct Template
{
    const char *kind;
    const char *subject;
    bool restricted;
    int openCasePercent;
};

const Template kCitizenMail[] = {
    {"Заявление", "Заявление за издаване на удостоверение за наследници", false, 0},
    {"Заявление", "Заявление за издаване на удостоверение за семейно положение", false, 0},
    {"Заявление", "Заявление за издаване на скица на поземлен имот в район „{district}“", false, 0},
    {"Заявление", "Заявление за издаване на удостоверение за данъчна оценка", false, 0},
    {"Заявление", "Заявление за издаване на разрешение за строеж на ул. „{street}“ № {n}", false, 60},
    {"Заявление", "Заявление за промяна на постоянен адрес", false, 0},
    {"Заявление", "Заявление за отпускане на еднократна социална помощ", true, 40},
    {"Заявление", "Заявление за отсичане на дърво в имот на ул. „{street}“ № {n}", false, 30},
    {"Заявление", "Заявление за преотстъпване на място за паркиране на лице с увреждания", true, 0},
    {"Жалба", "Жалба относно уличното осветление на ул. „{street}“", false, 20},
    {"Жалба", "Жалба относно шум от заведение в ж.к. „{complex}“", false, 20},
    {"Жалба", "Жалба срещу действия на служител от район „{district}“", true, 50},
    {"Жалба", "Жалба относно нерегламентирано сметище в ж.к. „{complex}“", false, 10},
    {"Жалба", "Жалба относно паркиране върху тротоара на ул. „{street}“", false, 0},
    {"Сигнал", "Сигнал за опасно дърво на ул. „{street}“ № {n}", false, 0},
    {"Сигнал", "Сигнал за необезопасена шахта в ж.к. „{complex}“", false, 0},
    {"Сигнал", "Сигнал за корупционни практики при издаване на разрешения", true, 60},
    {"Сигнал", "Сигнал за незаконно строителство в ж.к. „{complex}“", false, 40},
    {"Сигнал", "Сигнал за безстопанствени кучета в район „{district}“", false, 0},
    {"Предложение", "Предложение за изграждане на детска площадка в ж.к. „{complex}“", false, 20},
    {"Предложение", "Предложение за промяна на маршрута на автобусна линия {n}", false, 0},
    {"Искане", "Искане за ремонт на тротоара на ул. „{street}“", false, 10},
    {"Искане", "Искане за поставяне на изкуствена неравност на ул. „{street}“", false, 0},
};

const Template kCompanyMail[] = {
    {"Заявление", "Заявление за разрешение за поставяне на рекламно съоръжение на ул. „{street}“", false, 40},
    {"Заявление", "Заявление за категоризация на заведение за хранене в район „{district}“", false, 30},
    {"Уведомление", "Уведомление за започване на строителни работи на ул. „{street}“ № {n}", false, 0},
    {"Искане", "Искане за разрешение за разкопаване на ул. „{street}“", false, 30},
    {"Оферта", "Оферта за доставка на канцеларски материали", false, 0},
    {"Писмо", "Писмо относно изпълнението на договор № {n}/{year}", false, 0},
    {"Искане", "Искане за удължаване на срока по договор № {n}/{year}", false, 0},
};

const Template kAdministrationMail[] = {
    {"Писмо", "Писмо относно актуализацията на общинския план за развитие", false, 20},
    {"Указания", "Указания за организацията на зимното поддържане", false, 0},
    {"Покана", "Покана за участие в работна среща по проект „Зелена София“", false, 0},
    {"Искане", "Искане за информация за изпълнението на бюджета за {year} г.", false, 30},
    {"Уведомление", "Уведомление за извършване на проверка по сигнал", true, 40},
    {"Писмо", "Писмо относно преписка по жалба на граждани от район „{district}“", false, 30},
    {"Становище", "Становище по проект на наредба за обществения ред", false, 0},
};

const Template kAccessRequests[] = {
    {"Заявление", "Искане по ЗДОИ за договорите за зимно поддържане за {year} г.", false, 75},
    {"Заявление", "Заявление за достъп до обществена информация относно разходите за озеленяване", false, 75},
    {"Заявление", "Искане по ЗДОИ за издадените разрешения за строеж в район „{district}“", false, 75},
    {"Заявление", "Заявление за достъп до обществена информация относно обществена поръчка № {n}", false, 75},
    {"Заявление", "Искане по ЗДОИ за броя на премахнатите незаконни постройки", false, 75},
};

const Template kInternalMail[] = {
    {"Докладна записка", "Докладна записка относно ремонт на покрива на сградата на ул. „{street}“", false,
     0},
    {"Докладна записка", "Докладна записка относно командировка на служители", false, 0},
    {"Докладна записка", "Докладна записка относно дисциплинарно производство", true, 0},
    {"Служебна бележка", "Служебна бележка за предадени преписки към дирекция „{directorate}“", false, 0},
    {"Протокол", "Протокол от заседание на експертния съвет по устройство на територията", false, 0},
    {"Протокол", "Протокол от проверка на обект в район „{district}“", false, 0},
    {"Заповед", "Заповед за сформиране на комисия по обществена поръчка № {n}", false, 0},
};

struct FollowUpTemplate
{
    const char *kind;
    const char *subject;
};

const FollowUpTemplate kAccessFollowUps[] = {
    {"Уведомление", "Уведомление за удължаване на срока за предоставяне на информация"},
    {"Решение", "Решение за предоставяне на достъп до обществена информация"},
    {"Протокол", "Протокол за предоставяне на достъп до обществена информация"},
};
const FollowUpTemplate kCaseFollowUps[] = {
    {"Писмо", "Допълнителни документи към преписката"},
    {"Становище", "Становище на дирекция „{directorate}“"},
    {"Писмо", "Отговор до заявителя по преписката"},
};

const char *const kAnnulReasons[]
    = {"Документът е регистриран два пъти.", "Регистриран в грешен регистър; регистриран повторно.",
       "Грешно въведени данни за подателя; регистриран повторно."};

/** Official Bulgarian transliteration (Закон за транслитерацията), for e-mail addresses. */
QString transliterate(const QString &text)
{
    static const struct
    {
        char16_t cyrillic;
        const char *latin;
    } table[] = {{u'а', "a"},  {u'б', "b"},   {u'в', "v"}, {u'г', "g"}, {u'д', "d"},  {u'е', "e"},
                 {u'ж', "zh"}, {u'з', "z"},   {u'и', "i"}, {u'й', "y"}, {u'к', "k"},  {u'л', "l"},
                 {u'м', "m"},  {u'н', "n"},   {u'о', "o"}, {u'п', "p"}, {u'р', "r"},  {u'с', "s"},
                 {u'т', "t"},  {u'у', "u"},   {u'ф', "f"}, {u'х', "h"}, {u'ц', "ts"}, {u'ч', "ch"},
                 {u'ш', "sh"}, {u'щ', "sht"}, {u'ъ', "a"}, {u'ь', "y"}, {u'ю', "yu"}, {u'я', "ya"}};
    QString out;
    for (const QChar c : text.toLower()) {
        bool mapped = false;
        for (const auto &entry : table) {
            if (c.unicode() == entry.cyrillic) {
                out += QLatin1String(entry.latin);
                mapped = true;
                break;
            }
        }
        if (!mapped && ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c.isDigit()))
            out += c;
        else if (!mapped && !out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out;
}

/** A correspondent to create the first time a document needs it. */
struct PlannedCorrespondent
{
    Correspondent data;
    QString id; ///< set once created
};

/** An entry made by this run that later documents may refer to. */
struct Made
{
    QString registrationId;
    QString index;
    QString subject;
    int correspondent = -1;
};

struct OpenCase
{
    QString caseId;
    int correspondent = -1;
    bool accessRequest = false;
    int followUps = 0;
};

class Generator
{
public:
    Generator(ServiceContext &context, const DemoOptions &options)
        : m_context(context)
        , m_options(options)
        , m_dice(options.seed)
        , m_demo {context.database, m_clock, context.timeZone}
    { }

    Result<DemoSummary> run();

private:
    Result<std::pair<QDateTime, QDateTime>> window();
    QList<QDateTime> schedule(const QDateTime &from, const QDateTime &to, int count);
    Status prepareUsers();
    Status prepareRegisters();
    void planCorrespondents();
    Result<QString> correspondentId(int which);
    QString expand(const char *text);
    QString letterText(const QString &subject, int correspondent);
    Status registerOne(const QDateTime &at, const QDateTime &next);

    ServiceContext &m_context;
    const DemoOptions &m_options;
    Dice m_dice;
    ScheduleClock m_clock;
    ServiceContext m_demo;
    BulgarianCalendar m_calendar;

    Session m_admin;
    Session m_clerk;
    QString m_registryId;
    QString m_incoming;
    QString m_accessRequests;
    QString m_outgoing;
    QString m_internal;

    QList<PlannedCorrespondent> m_citizens;
    QList<PlannedCorrespondent> m_companies;
    QList<PlannedCorrespondent> m_administrations;
    QList<PlannedCorrespondent *> m_all; ///< index = the `correspondent` of Made and OpenCase
    QList<Made> m_incomingMade;
    QList<OpenCase> m_openCases;
    DemoSummary m_summary;
};

Result<std::pair<QDateTime, QDateTime>> Generator::window()
{
    const QDateTime now = m_context.clock.now().toUTC();
    QDateTime from = now.addDays(-std::max(1, m_options.days));
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto lastEntry = Sql::scalar(*db, QStringLiteral("SELECT MAX(at) FROM audit_journal"));
    if (!lastEntry)
        return lastEntry.error();
    if (!lastEntry->isNull()) {
        const QDateTime last = QDateTime::fromString(lastEntry->toString(), Qt::ISODateWithMs);
        if (last.isValid() && last.addSecs(60) > from)
            from = last.addSecs(60);
    }
    auto lastSeal = Sql::scalar(*db, QStringLiteral("SELECT MAX(day) FROM journal_seal"));
    if (!lastSeal)
        return lastSeal.error();
    if (!lastSeal->isNull()) {
        // A sealed day must not gain entries: start on the day after it (days are UTC).
        const QDate sealed = QDate::fromString(lastSeal->toString(), Qt::ISODate);
        const QDateTime after(sealed.addDays(1), QTime(0, 0), Qt::UTC);
        if (sealed.isValid() && after > from)
            from = after;
    }
    return std::pair {from, std::max(now, from)};
}

QList<QDateTime> Generator::schedule(const QDateTime &from, const QDateTime &to, int count)
{
    // Office hours 08:30–17:30 local time on working days, clipped to the window.
    QList<std::pair<qint64, qint64>> spans; // seconds since the epoch
    qint64 total = 0;
    const QDate first = from.toTimeZone(m_context.timeZone).date();
    const QDate last = to.toTimeZone(m_context.timeZone).date();
    for (QDate day = first; day <= last; day = day.addDays(1)) {
        if (!m_calendar.isWorkingDay(day))
            continue;
        const qint64 open = std::max(QDateTime(day, QTime(8, 30), m_context.timeZone).toSecsSinceEpoch(),
                                     from.toSecsSinceEpoch());
        const qint64 close = std::min(QDateTime(day, QTime(17, 30), m_context.timeZone).toSecsSinceEpoch(),
                                      to.toSecsSinceEpoch());
        if (close > open) {
            spans.append({open, close});
            total += close - open;
        }
    }
    if (total < count) {
        // Too little office time left (a second run soon after the first): use it all.
        spans = {{from.toSecsSinceEpoch(), to.toSecsSinceEpoch()}};
        total = to.toSecsSinceEpoch() - from.toSecsSinceEpoch();
    }
    QList<qint64> offsets;
    offsets.reserve(count);
    for (int i = 0; i < count; ++i)
        offsets.append(m_dice.below(int(std::min<qint64>(total, std::numeric_limits<int>::max()))));
    std::sort(offsets.begin(), offsets.end());
    QList<QDateTime> times;
    times.reserve(count);
    qint64 previousMs = 0;
    for (qint64 offset : std::as_const(offsets)) {
        qint64 second = 0;
        for (const auto &[open, close] : std::as_const(spans)) {
            if (offset < close - open) {
                second = open + offset;
                break;
            }
            offset -= close - open;
        }
        qint64 ms = second * 1000 + m_dice.below(1000);
        ms = std::max(ms, previousMs + 1);
        previousMs = ms;
        times.append(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
    }
    return times;
}

Status Generator::prepareUsers()
{
    UserService users(m_demo);
    auto existing = users.list();
    if (!existing)
        return existing.error();
    if (existing->isEmpty()) {
        auto admin = users.bootstrap(DemoData::adminLogin(), utf8("Системен администратор"));
        if (!admin)
            return admin.error();
        m_clock.moveTo(m_clock.now().addSecs(20));
        existing = users.list();
        if (!existing)
            return existing.error();
    }
    auto admin = users.sessionFor(DemoData::adminLogin());
    if (!admin || !admin->can(Permission::ManageUsers)) {
        // Another administrator will do when "admin" is missing or not one.
        for (const User &user : std::as_const(*existing)) {
            if (user.active && user.roles.contains(Role::Administrator)) {
                admin = users.sessionFor(user.login);
                break;
            }
        }
    }
    if (!admin || !admin->can(Permission::ManageUsers) || !admin->can(Permission::ManageRegistries))
        return makeError(ErrorCode::PermissionDenied, Tr::tr("Demo data needs an active administrator."));
    m_admin = *admin;

    const struct
    {
        const char *login;
        const char *name;
        Role role;
    } staff[] = {{"clerk", "Мария Георгиева", Role::Clerk},
                 {"official", "Петър Димитров", Role::Official},
                 {"auditor", "Елена Стоянова", Role::Auditor}};
    for (const auto &person : staff) {
        const QString login = QString::fromLatin1(person.login);
        auto found = users.findByLogin(login);
        if (found)
            continue;
        if (found.error().code != ErrorCode::NotFound)
            return found.error();
        m_clock.moveTo(m_clock.now().addSecs(60));
        auto created = users.create(m_admin, login, utf8(person.name), {person.role});
        if (!created)
            return created.error();
    }
    auto clerk = users.sessionFor(QStringLiteral("clerk"));
    m_clerk = clerk && clerk->can(Permission::RegisterDocument) ? *clerk : m_admin;
    return {};
}

Status Generator::prepareRegisters()
{
    RegistryService registries(m_demo);
    auto all = registries.registries();
    if (!all)
        return all.error();
    const QString code = utf8("СОА");
    for (const Registry &registry : std::as_const(*all)) {
        if (registry.code == code)
            m_registryId = registry.id;
    }
    if (m_registryId.isEmpty()) {
        m_clock.moveTo(m_clock.now().addSecs(120));
        auto created = registries.createRegistry(m_admin, code, utf8("Столична община"));
        if (!created)
            return created.error();
        m_registryId = created->id;
    }
    const struct
    {
        const char *code;
        RegisterKind kind;
        const char *name;
        QString *id;
    } books[] = {
        {"ВК66", RegisterKind::Incoming, "Входяща кореспонденция", &m_incoming},
        {"ДИ05", RegisterKind::Incoming, "Искания за достъп до информация", &m_accessRequests},
        {"ИЗ01", RegisterKind::Outgoing, "Изходяща кореспонденция", &m_outgoing},
        {"ВЪ01", RegisterKind::Internal, "Вътрешна кореспонденция", &m_internal},
    };
    for (const auto &book : books) {
        auto found = registries.findRegisterByCode(m_registryId, utf8(book.code));
        if (found) {
            *book.id = found->id;
            continue;
        }
        if (found.error().code != ErrorCode::NotFound)
            return found.error();
        m_clock.moveTo(m_clock.now().addSecs(60));
        auto created
            = registries.createRegister(m_admin, m_registryId, utf8(book.code), book.kind, utf8(book.name));
        if (!created)
            return created.error();
        *book.id = created->id;
    }
    return {};
}

void Generator::planCorrespondents()
{
    // A dice of its own: the same seed gives the same people whatever the database holds.
    Dice dice(m_options.seed ^ 0x5eedc0deU);
    QSet<QString> names;
    QSet<QString> egns;
    for (int i = 0; i < 70; ++i) {
        const bool female = dice.chance(50);
        const QString suffix = female ? QStringLiteral("а") : QString();
        const QString first = female ? dice.text(kFemaleFirst) : dice.text(kMaleFirst);
        const QString surname = dice.text(kSurnames) + suffix;
        const QString name
            = first + QLatin1Char(' ') + dice.text(kPatronymics) + suffix + QLatin1Char(' ') + surname;
        if (names.contains(name))
            continue;
        names.insert(name);
        PlannedCorrespondent person;
        person.data.kind = CorrespondentKind::Citizen;
        person.data.name = name;
        if (dice.chance(50)) {
            person.data.address = utf8("гр. София, ул. „") + dice.text(kStreets) + utf8("“ № ")
                + QString::number(dice.between(1, 140));
        } else {
            person.data.address = utf8("гр. София, ж.к. „") + dice.text(kComplexes) + utf8("“, бл. ")
                + QString::number(dice.between(1, 420)) + utf8(", вх. ")
                + QChar(char16_t(u'А' + dice.below(4))) + utf8(", ап. ")
                + QString::number(dice.between(1, 90));
        }
        if (dice.chance(40))
            person.data.email = transliterate(first) + QLatin1Char('.') + transliterate(surname)
                + QStringLiteral("@example.org");
        if (dice.chance(60)) {
            // A made-up ЕГН with a valid check digit: born 1940–2004, even ninth digit for men.
            const int year = dice.between(1940, 2004);
            const QDate born(year, dice.between(1, 12), dice.between(1, 28));
            const int month = born.month() + (year >= 2000 ? 40 : 0);
            const int serial = dice.between(0, 99) * 10 + dice.below(5) * 2 + (female ? 1 : 0);
            QString digits = QStringLiteral("%1%2%3%4")
                                 .arg(year % 100, 2, 10, QLatin1Char('0'))
                                 .arg(month, 2, 10, QLatin1Char('0'))
                                 .arg(born.day(), 2, 10, QLatin1Char('0'))
                                 .arg(serial, 3, 10, QLatin1Char('0'));
            digits += QString::number(Egn::checkDigit(digits));
            if (!egns.contains(digits)) {
                egns.insert(digits);
                person.data.egn = digits;
            }
        }
        m_citizens.append(person);
    }
    QSet<QString> eiks;
    auto hex = [&dice](int count) {
        QString out;
        for (int i = 0; i < count; ++i)
            out += QLatin1Char("0123456789abcdef"[dice.below(16)]);
        return out;
    };
    auto makeEik = [&](const QString &lead) {
        QString digits;
        do {
            digits = lead + dice.digits(8 - int(lead.size()));
            digits += QString::number(Eik::checkDigit(digits));
        } while (eiks.contains(digits));
        eiks.insert(digits);
        return digits;
    };
    for (const char *company : kCompanies) {
        PlannedCorrespondent entity;
        entity.data.eik = makeEik(QStringLiteral("20"));
        entity.data.kind = CorrespondentKind::Company;
        entity.data.name = utf8(company);
        entity.data.address = utf8("гр. София, бул. „") + dice.text(kStreets) + utf8("“ № ")
            + QString::number(dice.between(1, 99));
        entity.data.email = QStringLiteral("office@")
            + transliterate(entity.data.name.section(QLatin1Char(' '), 0, -2))
            + QStringLiteral(".example.org");
        m_companies.append(entity);
    }
    for (const char *administration : kAdministrations) {
        PlannedCorrespondent entity;
        entity.data.kind = CorrespondentKind::Administration;
        entity.data.name = utf8(administration);
        entity.data.eik = makeEik(QStringLiteral("00"));
        entity.data.address = utf8("гр. София");
        entity.data.seosGuid
            = QStringLiteral("%1-%2-4%3-a%4-%5").arg(hex(8), hex(4), hex(3), hex(3), hex(12));
        m_administrations.append(entity);
    }
    for (auto *list : {&m_citizens, &m_companies, &m_administrations}) {
        for (PlannedCorrespondent &planned : *list)
            m_all.append(&planned);
    }
}

Result<QString> Generator::correspondentId(int which)
{
    PlannedCorrespondent &planned = *m_all[which];
    if (!planned.id.isEmpty())
        return planned.id;
    CorrespondentService correspondents(m_demo);
    auto created = correspondents.create(m_clerk, planned.data);
    if (created) {
        planned.id = created->id;
        ++m_summary.correspondents;
    } else if (created.error().code == ErrorCode::AlreadyExists && Ids::isValid(created.error().detail)) {
        // A second run on the same database: the identifier is taken by the one made before.
        planned.id = created.error().detail;
    } else {
        return created.error();
    }
    return planned.id;
}

QString Generator::expand(const char *text)
{
    QString out = utf8(text);
    out.replace(QStringLiteral("{street}"), m_dice.text(kStreets));
    out.replace(QStringLiteral("{complex}"), m_dice.text(kComplexes));
    out.replace(QStringLiteral("{district}"), m_dice.text(kDistricts));
    out.replace(QStringLiteral("{directorate}"), m_dice.text(kDirectorates));
    out.replace(QStringLiteral("{n}"), QString::number(m_dice.between(2, 180)));
    out.replace(QStringLiteral("{year}"), QString::number(m_clock.now().date().year() - m_dice.below(2)));
    return out;
}

QString Generator::letterText(const QString &subject, int correspondent)
{
    const Correspondent &sender = m_all[correspondent]->data;
    QString topic = subject;
    topic[0] = topic[0].toLower();
    return utf8("Уважаеми господин Кмете,\n\nОбръщам се към Вас във връзка със следното: ") + topic
        + utf8(". Моля, да бъдат предприети необходимите действия и да бъда уведомен за резултата "
               "в законоустановения срок.\n\nС уважение,\n")
        + sender.name + QLatin1Char('\n') + sender.address;
}

Status Generator::registerOne(const QDateTime &at, const QDateTime &next)
{
    RegistrationService registrations(m_demo);
    NewRegistration request;
    DocumentDraft &draft = request.document;
    int correspondent = -1;
    bool incoming = false;
    bool accessRequest = false;
    int followUpOf = -1;

    const int roll = m_dice.below(100);
    if (roll < 9 && !m_openCases.isEmpty()) {
        followUpOf = m_dice.below(int(m_openCases.size()));
        OpenCase &open = m_openCases[followUpOf];
        const FollowUpTemplate &follow = open.accessRequest ? kAccessFollowUps[std::min(open.followUps, 2)]
                                                            : m_dice.pick(kCaseFollowUps);
        request.caseId = open.caseId;
        draft.kind = utf8(follow.kind);
        draft.subject = expand(follow.subject);
        correspondent = open.correspondent;
        draft.channel = m_all[correspondent]->data.kind == CorrespondentKind::Administration ? Channel::Seos
            : m_dice.chance(50)                                                              ? Channel::Email
                                                                                             : Channel::Post;
        draft.pageCount = m_dice.between(1, 6);
    } else if (roll < 20) {
        const Template &chosen = m_dice.pick(kAccessRequests);
        request.registerId = m_accessRequests;
        correspondent = m_dice.chance(85) ? m_dice.below(int(m_citizens.size()))
                                          : int(m_citizens.size()) + m_dice.below(int(m_companies.size()));
        draft.kind = utf8(chosen.kind);
        draft.subject = expand(chosen.subject);
        draft.accessLevel = AccessLevel::Public;
        draft.channel
            = m_dice.chance(50) ? Channel::Email : (m_dice.chance(50) ? Channel::EService : Channel::Counter);
        draft.pageCount = m_dice.between(1, 2);
        request.openCase = m_dice.chance(chosen.openCasePercent);
        accessRequest = true;
        incoming = true;
    } else if (roll < 36 && !m_incomingMade.isEmpty()) {
        Made &original = m_incomingMade[m_dice.below(int(m_incomingMade.size()))];
        request.registerId = m_outgoing;
        correspondent = original.correspondent;
        draft.kind = utf8(m_dice.chance(70) ? "Писмо" : "Отговор");
        draft.subject = utf8("Отговор на вх. № ") + original.index + utf8(" – ") + original.subject;
        const CorrespondentKind kind = m_all[correspondent]->data.kind;
        draft.channel = kind == CorrespondentKind::Administration ? Channel::Seos
            : kind == CorrespondentKind::Company                  ? Channel::Email
            : m_dice.chance(60)                                   ? Channel::Post
                                                                  : Channel::Email;
        draft.pageCount = m_dice.between(1, 4);
    } else if (roll < 44) {
        const Template &chosen = m_dice.pick(kInternalMail);
        request.registerId = m_internal;
        draft.kind = utf8(chosen.kind);
        draft.subject = expand(chosen.subject);
        draft.channel = Channel::Internal;
        draft.accessLevel = chosen.restricted ? AccessLevel::Restricted : AccessLevel::Internal;
        draft.pageCount = m_dice.between(1, 5);
    } else {
        const int source = m_dice.below(100);
        const Template *chosen = nullptr;
        if (source < 70) {
            chosen = &m_dice.pick(kCitizenMail);
            correspondent = m_dice.below(int(m_citizens.size()));
            const int channel = m_dice.below(100);
            draft.channel = channel < 45 ? Channel::Counter
                : channel < 65           ? Channel::Post
                : channel < 82           ? Channel::Email
                : channel < 92           ? Channel::EService
                                         : Channel::Ssev;
        } else if (source < 85) {
            chosen = &m_dice.pick(kCompanyMail);
            correspondent = int(m_citizens.size()) + m_dice.below(int(m_companies.size()));
            draft.channel
                = m_dice.chance(50) ? Channel::Email : (m_dice.chance(50) ? Channel::Ssev : Channel::Counter);
        } else {
            chosen = &m_dice.pick(kAdministrationMail);
            correspondent
                = int(m_citizens.size() + m_companies.size()) + m_dice.below(int(m_administrations.size()));
            draft.channel = m_dice.chance(75) ? Channel::Seos : Channel::Post;
        }
        request.registerId = m_incoming;
        draft.kind = utf8(chosen->kind);
        draft.subject = expand(chosen->subject);
        draft.accessLevel = chosen->restricted ? AccessLevel::Restricted : AccessLevel::Internal;
        draft.pageCount = m_dice.chance(80) ? m_dice.between(1, 3) : m_dice.between(4, 24);
        request.openCase = m_dice.chance(chosen->openCasePercent);
        incoming = true;
    }
    if (correspondent >= 0) {
        m_clock.moveTo(at.addSecs(-m_dice.between(20, 90)));
        auto id = correspondentId(correspondent);
        if (!id)
            return id.error();
        draft.correspondentId = *id;
        if (incoming && m_all[correspondent]->data.kind == CorrespondentKind::Citizen)
            draft.fullText = letterText(draft.subject, correspondent);
    }

    m_clock.moveTo(at);
    const Session &actor = m_dice.chance(85) ? m_clerk : m_admin;
    auto made = registrations.registerDocument(actor, request);
    if (!made)
        return made.error();
    ++m_summary.registrations;
    if (draft.accessLevel == AccessLevel::Restricted)
        ++m_summary.restricted;
    if (followUpOf >= 0) {
        ++m_summary.followUps;
        if (++m_openCases[followUpOf].followUps >= 3)
            m_openCases.removeAt(followUpOf);
    }
    if (request.openCase) {
        ++m_summary.caseFiles;
        m_openCases.append({made->caseId, correspondent, accessRequest, 0});
    }
    // A few plain entries are annulled soon after, as a clerk's mistakes are.
    if (followUpOf < 0 && !request.openCase && m_dice.chance(3)) {
        const qint64 gap = std::max<qint64>(2, at.msecsTo(next));
        m_clock.moveTo(at.addMSecs(gap / 3));
        DMS_TRY(registrations.annul(m_admin, made->id, m_dice.text(kAnnulReasons)));
        ++m_summary.annulled;
        return {};
    }
    if (incoming && correspondent >= 0)
        m_incomingMade.append({made->id, made->index, draft.subject, correspondent});
    return {};
}

Result<DemoSummary> Generator::run()
{
    if (m_options.documents < 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The number of demo documents cannot be negative."));
    auto span = window();
    if (!span)
        return span.error();
    const auto [from, to] = *span;
    m_clock.moveTo(from);
    DMS_TRY(prepareUsers());
    DMS_TRY(prepareRegisters());
    m_summary.registryId = m_registryId;
    planCorrespondents();

    // The mail starts a little after the setup; a window too short for it (the clock
    // is behind the journal) is stretched forward by a millisecond per document.
    const QDateTime start = std::max(m_clock.now().addSecs(1), std::min(m_clock.now().addSecs(600), to));
    const QDateTime end = std::max(to, start.addMSecs(qint64(m_options.documents) + 1000));
    const QList<QDateTime> times = schedule(start, end, m_options.documents);
    for (int i = 0; i < int(times.size()); ++i) {
        const QDateTime next = i + 1 < int(times.size()) ? times[i + 1] : times[i].addSecs(600);
        DMS_TRY(registerOne(times[i], next));
        if (m_options.progress && !m_options.progress(i + 1, int(times.size())))
            return makeError(ErrorCode::Cancelled, Tr::tr("Demo data generation was cancelled."));
    }
    return m_summary;
}

} // namespace

Result<DemoSummary> DemoData::populate(ServiceContext &context, const DemoOptions &options)
{
    Generator generator(context, options);
    return generator.run();
}

} // namespace dms
