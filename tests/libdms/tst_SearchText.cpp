// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/SearchText.h"

#include <QTest>

using namespace dms;

class tst_SearchText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("empty") << QString() << QStringList {};
        QTest::newRow("only punctuation")
            << QStringLiteral(" .,;:!?\"'()[]{}*^-+/\\|&<>= ") << QStringList {};
        QTest::newRow("Cyrillic capitals")
            << QStringLiteral("РАЗРЕШЕНИЕ за Строеж")
            << QStringList {QStringLiteral("разрешение"), QStringLiteral("за"), QStringLiteral("строеж")};
        QTest::newRow("й is not и") << QStringLiteral("Бой, бои; ЙОД")
                                    << QStringList {QStringLiteral("бой"), QStringLiteral("бои"),
                                                    QStringLiteral("йод")};
        QTest::newRow("decomposed й") << QStringLiteral("и\u0306од") << QStringList {QStringLiteral("йод")};
        QTest::newRow("ѝ keeps its accent")
            << QStringLiteral("ѝ и") << QStringList {QStringLiteral("ѝ"), QStringLiteral("и")};
        QTest::newRow("registration index")
            << QStringLiteral("СОА20-ВК66-2118/1/08.09.2020")
            << QStringList {QStringLiteral("соа20"), QStringLiteral("вк66"), QStringLiteral("2118"),
                            QStringLiteral("1"),     QStringLiteral("08"),   QStringLiteral("09"),
                            QStringLiteral("2020")};
        QTest::newRow("English") << QStringLiteral("Building-Permit APPLICATION")
                                 << QStringList {QStringLiteral("building"), QStringLiteral("permit"),
                                                 QStringLiteral("application")};
        QTest::newRow("query syntax")
            << QStringLiteral("NEAR(\"a\" b)*: -c ^d 'e':* & f")
            << QStringList {QStringLiteral("near"), QStringLiteral("a"), QStringLiteral("b"),
                            QStringLiteral("c"),    QStringLiteral("d"), QStringLiteral("e"),
                            QStringLiteral("f")};
        QTest::newRow("whitespace kinds")
            << QStringLiteral("a\tb\nc\u00a0d\u2003e")
            << QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                            QStringLiteral("d"), QStringLiteral("e")};
        QTest::newRow("typographic quotes") << QStringLiteral("„Раковски“ №1")
                                            << QStringList {QStringLiteral("раковски"), QStringLiteral("1")};
        // Simple case folding: ß stays ß.
        QTest::newRow("German sharp s") << QStringLiteral("STRASSE Straße")
                                        << QStringList {QStringLiteral("strasse"), QStringLiteral("straße")};
    }

    void words()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        QCOMPARE(SearchText::words(text), words);
        QCOMPARE(SearchText::terms(text), words.join(QLatin1Char(' ')));
    }

    void keyFoldsCaseAndSpaces()
    {
        QCOMPARE(SearchText::key(QStringLiteral("  Иван   ПЕТРОВ ")), QStringLiteral("иван петров"));
        QCOMPARE(SearchText::key(QStringLiteral("и\u0306")), QStringLiteral("й"));
        QVERIFY(SearchText::key(QStringLiteral("Й")) != SearchText::key(QStringLiteral("И")));
        QCOMPARE(SearchText::key(QString()), QString());
    }

    void wordsAreStable()
    {
        // The index and the query go through the same function: words of words are the same words.
        const QString text = QStringLiteral("Жалба срещу ОТКАЗ № 42/2021 от „Строител Изток“ ООД");
        const QStringList once = SearchText::words(text);
        QCOMPARE(SearchText::words(once.join(QLatin1Char(' '))), once);
    }
};

QTEST_GUILESS_MAIN(tst_SearchText)
#include "tst_SearchText.moc"
