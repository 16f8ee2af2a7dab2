// SPDX-License-Identifier: GPL-3.0-or-later
#include "BenchCorpus.h"

#include "search/SearchText.h"

#include <QSet>

namespace dms {

namespace {

QStringList list(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out << QString::fromUtf8(item);
    return out;
}

const QStringList &kinds()
{
    static const QStringList k = list({"Заявление", "Заявление", "Заявление", "Жалба", "Писмо", "Писмо",
                                       "Искане", "Сигнал", "Сигнал", "Предложение", "Уведомление", "Покана",
                                       "Декларация", "Становище", "Докладна записка", "Молба", "Възражение"});
    return k;
}

const QStringList &topics()
{
    static const QStringList t = list({
        "издаване на удостоверение за наследници",
        "достъп до обществена информация",
        "ремонт на улично осветление",
        "премахване на незаконен строеж",
        "поставяне на преместваем обект",
        "намаляване на таксата за битови отпадъци",
        "издаване на скица на поземлен имот",
        "промяна на постоянен адрес",
        "отсичане на опасно дърво",
        "ремонт на тротоар",
        "шум от заведение в жилищна сграда",
        "паркиране в зелени площи",
        "безстопанствени кучета в междублоковото пространство",
        "почистване на междублоково пространство",
        "издаване на разрешение за строеж",
        "одобряване на инвестиционен проект",
        "категоризация на заведение за хранене",
        "изменение на подробен устройствен план",
        "въвеждане в експлоатация на сграда",
        "издаване на удостоверение за търпимост",
        "отпускане на еднократна социална помощ",
        "прием в детска градина",
        "ползване на общинско жилище",
        "наем на общински терен",
        "поддръжка на детска площадка",
        "запушена канализация",
        "дупки по пътната настилка",
        "график на градския транспорт",
        "сметосъбиране и сметоизвозване",
        "издаване на карта за паркиране на хора с увреждания",
        "регистрация на домашен любимец",
        "данъчна оценка на недвижим имот",
        "корекция на данъчна декларация",
        "освобождаване от местен данък",
        "възстановяване на надплатен данък",
        "провеждане на обществено обсъждане",
        "организиране на културно събитие",
        "ползване на спортна зала",
        "изграждане на велоалея",
        "монтиране на изкуствени неравности",
        "поставяне на пешеходна пътека",
        "въздушно замърсяване от отоплителни уреди",
        "незаконно сметище",
        "течове от водопроводната мрежа",
        "ремонт на покрива на училище",
        "присъждане на персонална пенсия",
        "издаване на дубликат на акт за раждане",
        "сключване на граждански брак",
        "заверка на документи за чужбина",
        "обявяване на имот за частна общинска собственост",
    });
    return t;
}

const QStringList &streets()
{
    static const QStringList s = list({
        "ул. „Граф Игнатиев“",
        "бул. „Витоша“",
        "ул. „Шипка“",
        "ул. „Оборище“",
        "бул. „Христо Ботев“",
        "ул. „Раковски“",
        "ул. „Солунска“",
        "бул. „Цар Освободител“",
        "ул. „Пиротска“",
        "бул. „България“",
        "ул. „Бачо Киро“",
        "ул. „Цар Симеон“",
        "ж.к. „Младост“ 1",
        "ж.к. „Младост“ 4",
        "ж.к. „Люлин“ 5",
        "ж.к. „Надежда“ 2",
        "ж.к. „Дружба“ 2",
        "ж.к. „Овча купел“",
        "кв. „Лозенец“",
        "кв. „Борово“",
        "кв. „Хаджи Димитър“",
        "кв. „Княжево“",
        "кв. „Бояна“",
        "кв. „Драгалевци“",
        "ж.к. „Красна поляна“",
        "ж.к. „Гео Милев“",
        "ж.к. „Изток“",
        "ул. „Московска“",
        "бул. „Александър Стамболийски“",
        "ул. „Кракра“",
    });
    return s;
}

const QStringList &firstNames()
{
    static const QStringList f = list(
        {"Иван",      "Георги",    "Димитър",   "Николай", "Петър",     "Стоян",   "Христо",    "Тодор",
         "Васил",     "Атанас",    "Красимир",  "Любомир", "Мария",     "Елена",   "Йорданка",  "Петя",
         "Валентина", "Красимира", "Десислава", "Гергана", "Радослава", "Теодора", "Цветелина", "Милена"});
    return f;
}

const QStringList &surnames()
{
    static const QStringList s = list({
        "Петров",      "Иванов",     "Георгиев",  "Димитров", "Николов",  "Стоянов", "Христов",
        "Тодоров",     "Илиев",      "Атанасов",  "Ангелов",  "Василев",  "Маринов", "Колев",
        "Йорданов",    "Костадинов", "Попов",     "Стефанов", "Михайлов", "Кръстев", "Цветков",
        "Александров", "Павлов",     "Славов",    "Симеонов", "Лазаров",  "Митев",   "Русев",
        "Благоев",     "Дончев",     "Генчев",    "Каменов",  "Божилов",  "Вълчев",  "Недялков",
        "Пенчев",      "Радев",      "Серафимов", "Трифонов", "Хаджиев",  "Чолаков", "Шишков",
    });
    return s;
}

const QStringList &companies()
{
    static const QStringList c = list({
        "„Булстрой“ ЕООД",
        "„Софийска вода“ АД",
        "„Топлофикация София“ ЕАД",
        "„Електрохолд Продажби“ ЕАД",
        "„Чистота Искър“ ЕООД",
        "„Градски транспорт“ ЕАД",
        "„Витоша Билд“ ООД",
        "„Еко Партнърс“ ЕООД",
        "„Пътинженеринг“ АД",
        "„Зелена София“ ЕООД",
        "„Архитектурно студио Рила“ ООД",
        "„Медика Плюс“ ЕООД",
    });
    return c;
}

const QStringList &administrations()
{
    static const QStringList a = list({
        "Министерство на регионалното развитие и благоустройството",
        "Областна администрация на област София",
        "Регионална здравна инспекция",
        "Столична дирекция на вътрешните работи",
        "Регионална дирекция за национален строителен контрол",
        "Агенция за социално подпомагане",
        "Национална агенция за приходите",
        "Омбудсман на Република България",
        "Районна прокуратура – София",
        "Министерство на околната среда и водите",
    });
    return a;
}

const QStringList &sentences()
{
    static const QStringList s = list({
        "Моля да ми бъде предоставена информация в законоустановения срок.",
        "Прилагам копие от документа за собственост и скица на имота.",
        "Проблемът съществува повече от шест месеца и не е отстранен.",
        "Съгласно чл. 24 от Закона за достъп до обществена информация моля за отговор.",
        "Живущите в блока многократно са сигнализирали районната администрация.",
        "Моля за проверка на място и предприемане на необходимите мерки.",
        "Приложено представям пълномощно и документ за платена такса.",
        "Отговорът да бъде изпратен на посочения електронен адрес.",
        "Настоящото искане се подава от името на етажната собственост.",
        "Възразявам срещу издадения акт поради допуснати нарушения.",
    });
    return s;
}

} // namespace

BenchCorpus::BenchCorpus(quint32 seed)
    : m_random(seed)
{
    for (int i = 0; i < 4000; ++i)
        m_correspondents << person();
    for (int i = 0; i < 300; ++i)
        m_correspondents << pick(companies()) + QStringLiteral(" – клон %1").arg(i + 1);
    m_correspondents << administrations();

    QSet<QString> words;
    for (const QStringList *source : {&topics(), &streets(), &surnames(), &firstNames(), &kinds()}) {
        for (const QString &text : *source) {
            for (const QString &word : SearchText::words(text)) {
                if (word.size() >= 4)
                    words.insert(word);
            }
        }
    }
    m_queryWords = QStringList(words.cbegin(), words.cend());
    m_queryWords.sort();
}

QString BenchCorpus::pick(const QStringList &list)
{
    return list.at(int(m_random.bounded(quint32(list.size()))));
}

QString BenchCorpus::person()
{
    const QString first = pick(firstNames());
    QString last = pick(surnames());
    // Women's surnames take -а.
    if (first.endsWith(QChar(u'а')) || first.endsWith(QChar(u'я')))
        last += QChar(u'а');
    return first + QLatin1Char(' ') + last;
}

QString BenchCorpus::place()
{
    return pick(streets()) + QStringLiteral(" № %1").arg(1 + m_random.bounded(180));
}

BenchDocument BenchCorpus::next()
{
    BenchDocument doc;
    doc.kind = pick(kinds());
    const QString topic = pick(topics());
    switch (m_random.bounded(5)) {
    case 0:
        doc.subject = QStringLiteral("Относно %1 на %2").arg(topic, place());
        break;
    case 1:
        doc.subject = topic.left(1).toUpper() + topic.mid(1) + QStringLiteral(" – ") + place();
        break;
    case 2:
        doc.subject = QStringLiteral("%1 от %2 за %3").arg(doc.kind, person(), topic);
        break;
    case 3:
        doc.subject = QStringLiteral("Отговор на писмо изх. № %1 относно %2")
                          .arg(1000 + m_random.bounded(90000))
                          .arg(topic);
        break;
    default:
        doc.subject = topic.left(1).toUpper() + topic.mid(1);
        break;
    }
    if (m_random.bounded(5) == 0)
        doc.fullText = pick(sentences()) + QLatin1Char(' ') + pick(sentences()) + QLatin1Char(' ') + place();
    static const Channel channels[]
        = {Channel::Counter, Channel::Counter, Channel::Counter, Channel::Post, Channel::Post,
           Channel::Email,   Channel::Email,   Channel::Seos,    Channel::Ssev, Channel::EService};
    doc.channel = channels[m_random.bounded(10)];
    const quint32 access = m_random.bounded(100);
    doc.accessLevel = access < 3 ? AccessLevel::Restricted
        : access < 25            ? AccessLevel::Public
                                 : AccessLevel::Internal;
    doc.pageCount = 1 + int(m_random.bounded(12));
    if (m_random.bounded(10) < 7)
        doc.correspondent = int(m_random.bounded(quint32(m_correspondents.size())));
    return doc;
}

} // namespace dms
