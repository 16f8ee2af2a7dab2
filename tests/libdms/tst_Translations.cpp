// SPDX-License-Identifier: GPL-3.0-or-later
// The Bulgarian catalogue: resources/translations/dms_bg.ts is complete and
// consistent with its English sources, and the dms_bg.qm the build compiles
// from it (<build>/resources/i18n, target dms_translations) translates the
// messages under the contexts the code asks for at run time.
#include "domain/Egn.h"
#include "domain/Vocabulary.h"
#include "services/Bootstrap.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>

using namespace dms;

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; ///< the <translation> type attribute: "", "unfinished", "vanished", "obsolete"
    QStringList forms; ///< one text, or the numerus forms
};

/** The messages of a .ts file, or an empty list and `error` set. */
QList<Message> readCatalogue(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    Message current;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                current = Message {};
                current.context = context;
                current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source")) {
                current.source = xml.readElementText();
            } else if (name == QLatin1String("comment")) {
                current.comment = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                current.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!current.numerus)
                    current.forms.append(xml.readElementText());
            } else if (name == QLatin1String("numerusform")) {
                current.forms.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages.append(current);
        }
    }
    if (xml.hasError()) {
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
        return {};
    }
    return messages;
}

QString describe(const Message &m)
{
    return QStringLiteral("[%1] \"%2\"").arg(m.context, m.source);
}

/** The %1…%99 (and %L1…) markers of `text`, sorted, with repeats. */
QStringList placeholders(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("%L?[1-9][0-9]?"));
    QStringList found;
    for (auto it = marker.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    std::sort(found.begin(), found.end());
    return found;
}

/** The keyboard accelerators ("&F" → "f") of `text`; "&&" is a literal ampersand. */
QStringList accelerators(QString text)
{
    text.replace(QStringLiteral("&&"), QString());
    static const QRegularExpression mnemonic(QStringLiteral("&([^\\s&])"));
    QStringList found;
    for (auto it = mnemonic.globalMatch(text); it.hasNext();)
        found.append(it.next().captured(1).toLower());
    return found;
}

/** The contexts the code looks translations up under: the literal contexts of
 *  translate()/QT_TRANSLATE_NOOP calls and the QObject classes' names (tr()). */
QSet<QString> runtimeContexts(const QString &sourceDir)
{
    static const QRegularExpression literal(
        QStringLiteral("(?:translate|QT_TRANSLATE_NOOP3?)\\(\\s*\"([^\"]+)\""));
    static const QRegularExpression nameSpace(QStringLiteral("namespace\\s+([\\w:]+)\\s*\\{"));
    static const QRegularExpression qobjectClass(
        QStringLiteral("class\\s+(?:\\w+\\s+)?(\\w+)\\b[^;{]*\\{\\s*Q_OBJECT"));
    QSet<QString> contexts;
    const QStringList dirs = {QStringLiteral("libdms"), QStringLiteral("app"), QStringLiteral("scanning"),
                              QStringLiteral("signing"), QStringLiteral("exchange")};
    for (const QString &dir : dirs) {
        QDirIterator it(sourceDir + QLatin1Char('/') + dir, {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QString text = QString::fromUtf8(file.readAll());
            for (auto m = literal.globalMatch(text); m.hasNext();)
                contexts.insert(m.next().captured(1));
            for (auto m = qobjectClass.globalMatch(text); m.hasNext();) {
                const auto cls = m.next();
                // The namespace opened last before the class: a header may first
                // forward-declare another namespace's classes (e.g. Poppler's).
                QString prefix;
                for (auto n = nameSpace.globalMatch(text); n.hasNext();) {
                    const auto ns = n.next();
                    if (ns.capturedStart() < cls.capturedStart())
                        prefix = ns.captured(1) + QStringLiteral("::");
                }
                contexts.insert(prefix + cls.captured(1));
            }
        }
    }
    return contexts;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private:
    QString m_sourceDir;
    QList<Message> m_messages;
    QTranslator m_translator;

private Q_SLOTS:
    void initTestCase()
    {
        m_sourceDir = qEnvironmentVariable("DMS_TEST_SOURCE_DIR");
        const QString binaryDir = qEnvironmentVariable("DMS_TEST_BINARY_DIR");
        QVERIFY2(!m_sourceDir.isEmpty() && !binaryDir.isEmpty(),
                 "DMS_TEST_SOURCE_DIR and DMS_TEST_BINARY_DIR must be set (ctest sets them)");
        QString error;
        m_messages = readCatalogue(m_sourceDir + QStringLiteral("/resources/translations/dms_bg.ts"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString qm = binaryDir + QStringLiteral("/resources/i18n/dms_bg.qm");
        QVERIFY2(
            m_translator.load(qm),
            qPrintable(QStringLiteral("cannot load %1: build the dms_translations target first").arg(qm)));
    }

    void cleanup() { QCoreApplication::removeTranslator(&m_translator); }

    void catalogueIsNotEmpty()
    {
        // The product's strings are in the hundreds; a handful means lupdate scanned nothing.
        QVERIFY2(m_messages.size() > 300, qPrintable(QString::number(m_messages.size())));
    }

    void everyMessageIsTranslated()
    {
        QStringList problems;
        for (const Message &m : std::as_const(m_messages)) {
            if (!m.type.isEmpty())
                problems << describe(m) + QStringLiteral(" is ") + m.type;
            else if (m.forms.size() != (m.numerus ? 2 : 1))
                problems << describe(m) + QStringLiteral(" has %1 forms").arg(m.forms.size());
            else if (std::any_of(m.forms.cbegin(), m.forms.cend(),
                                 [](const QString &f) { return f.isEmpty(); }))
                problems << describe(m) + QStringLiteral(" has an empty translation");
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void placeholdersMatch()
    {
        QStringList problems;
        for (const Message &m : std::as_const(m_messages)) {
            const QStringList expected = placeholders(m.source);
            const bool plural = m.source.contains(QLatin1String("%n"));
            for (const QString &form : m.forms) {
                if (placeholders(form) != expected)
                    problems << describe(m) + QStringLiteral(" → \"%1\": placeholders differ").arg(form);
                if (plural != form.contains(QLatin1String("%n")))
                    problems << describe(m) + QStringLiteral(" → \"%1\": %n differs").arg(form);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void acceleratorsAreKept()
    {
        QStringList problems;
        for (const Message &m : std::as_const(m_messages)) {
            const qsizetype wanted = accelerators(m.source).size();
            for (const QString &form : m.forms) {
                if (accelerators(form).size() != wanted)
                    problems << describe(m) + QStringLiteral(" → \"%1\"").arg(form);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void acceleratorsAreUniqueInDialogs()
    {
        // The dialogs' Cancel button comes from Qt, whose Bulgarian catalogue calls
        // it "&Отказ" under the GNOME and KDE themes: Alt+О is taken.
        const QString cancel = QStringLiteral("&Отказ");
        QHash<QString, QHash<QString, QString>> used; // dialog → letter → text
        QStringList problems;
        for (const Message &m : std::as_const(m_messages)) {
            if (!m.context.endsWith(QLatin1String("Dialog")))
                continue;
            if (!used.contains(m.context))
                used[m.context].insert(accelerators(cancel).value(0), cancel);
            for (const QString &letter : accelerators(m.forms.value(0))) {
                const QString previous = used[m.context].value(letter);
                if (!previous.isEmpty())
                    problems << QStringLiteral("[%1] \"%2\" and \"%3\" share &%4")
                                    .arg(m.context, previous, m.forms.value(0), letter);
                used[m.context].insert(letter, m.forms.value(0));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void textIsBulgarian()
    {
        // A translation left as the English source is the likeliest slip; a source
        // with an English word needs Cyrillic in its translation. Identifiers in
        // capitals (URL, LANG) and symbols are exempt.
        static const QRegularExpression englishWord(QStringLiteral("\\b[a-z]{4,}\\b"));
        static const QRegularExpression cyrillic(QStringLiteral("[\\x{0400}-\\x{04FF}]"));
        QStringList problems;
        for (const Message &m : std::as_const(m_messages)) {
            if (!englishWord.match(m.source).hasMatch())
                continue;
            for (const QString &form : m.forms) {
                if (!cyrillic.match(form).hasMatch())
                    problems << describe(m) + QStringLiteral(" → \"%1\"").arg(form);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void contextsAreThoseTheCodeUses()
    {
        // lupdate names the context of a call to a file-local tr() helper after the
        // enclosing class (e.g. dms::RegistrationService), while the helper looks the
        // text up under "dms": such a message is never found at run time.
        const QSet<QString> contexts = runtimeContexts(m_sourceDir);
        QVERIFY(contexts.contains(QStringLiteral("dms")));
        QSet<QString> unknown;
        for (const Message &m : std::as_const(m_messages)) {
            if (!contexts.contains(m.context))
                unknown.insert(m.context);
        }
        QStringList names(unknown.cbegin(), unknown.cend());
        names.sort();
        QVERIFY2(names.isEmpty(),
                 qPrintable(QStringLiteral("contexts no code asks for: ") + names.join(u", ")));
    }

    void compiledCatalogueMatchesTheSource()
    {
        // Catches a stale .qm as well as a message lrelease dropped.
        QStringList problems;
        for (const Message &m : std::as_const(m_messages)) {
            const QByteArray context = m.context.toUtf8();
            const QByteArray source = m.source.toUtf8();
            const QByteArray comment = m.comment.toUtf8();
            const char *disambiguation = m.comment.isEmpty() ? nullptr : comment.constData();
            const QList<int> counts = m.numerus ? QList<int> {1, 5} : QList<int> {-1};
            for (qsizetype i = 0; i < counts.size(); ++i) {
                const QString got = m_translator.translate(context.constData(), source.constData(),
                                                           disambiguation, counts.at(i));
                if (got != m.forms.value(i))
                    problems << describe(m) + QStringLiteral(" → \"%1\"").arg(got);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void keyStrings_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("expected");
        QTest::newRow("required subject")
            << QStringLiteral("dms") << QStringLiteral("The subject is required.") << -1
            << QStringLiteral("Полето „Относно“ е задължително.");
        QTest::newRow("no register") << QStringLiteral("dms") << QStringLiteral("No such register.") << -1
                                     << QStringLiteral("Няма такъв регистър.");
        QTest::newRow("status") << QStringLiteral("dms") << QStringLiteral("Annulled") << -1
                                << QStringLiteral("Анулиран");
        QTest::newRow("details view") << QStringLiteral("dms::EntryDetailsView") << QStringLiteral("Annulled")
                                      << -1 << QStringLiteral("Анулиран");
        QTest::newRow("role") << QStringLiteral("dms") << QStringLiteral("Clerk") << -1
                              << QStringLiteral("Деловодител");
        QTest::newRow("one entry") << QStringLiteral("dms::MainWindow") << QStringLiteral("%n entries") << 1
                                   << QStringLiteral("1 запис");
        QTest::newRow("three entries") << QStringLiteral("dms::MainWindow") << QStringLiteral("%n entries")
                                       << 3 << QStringLiteral("3 записа");
        QTest::newRow("no translation")
            << QStringLiteral("dms") << QStringLiteral("A text no one wrote, left as it is.") << -1
            << QStringLiteral("A text no one wrote, left as it is.");
    }

    void keyStrings()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(int, count);
        QFETCH(QString, expected);
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
        QCOMPARE(QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData(),
                                             nullptr, count),
                 expected);
    }

    void libraryMessagesAreTranslated()
    {
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
        QCOMPARE(displayName(RegistrationStatus::Annulled), QStringLiteral("Анулиран"));
        QCOMPARE(displayName(RegisterKind::Outgoing), QStringLiteral("Изходящ"));
        const Status egn = Egn::validate(QStringLiteral("123"));
        QVERIFY(!egn.ok());
        QCOMPARE(egn.error().message, QStringLiteral("ЕГН се състои от точно 10 цифри."));
        // A member function calling its file's tr() helper: the case lupdate files
        // under the class's name.
        const Status init = Bootstrap::validate(InitOptions {});
        QVERIFY(!init.ok());
        QCOMPARE(init.error().message,
                 QStringLiteral("Потребителското име на администратора е задължително."));
    }

    void englishIsTheSourceText()
    {
        // Without the catalogue the code shows its English source texts.
        QCOMPARE(displayName(RegistrationStatus::Annulled), QStringLiteral("Annulled"));
        QCOMPARE(Bootstrap::validate(InitOptions {}).error().message,
                 QStringLiteral("The administrator's login is required."));
    }
};

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_Translations.moc"
