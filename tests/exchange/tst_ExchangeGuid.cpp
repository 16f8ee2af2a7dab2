// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/ExchangeGuid.h"

#include <QTest>

using dms::exchange::ExchangeGuid;

class tst_ExchangeGuid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createdGuidsAreValidAndDistinct()
    {
        const QString a = ExchangeGuid::create();
        const QString b = ExchangeGuid::create();
        QVERIFY(ExchangeGuid::isValid(a));
        QVERIFY(a.startsWith(QLatin1Char('{')));
        QCOMPARE(a, a.toLower());
        QVERIFY(a != b);
    }

    void validity_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("lower") << "{11111111-1111-4111-8111-111111111111}" << true;
        QTest::newRow("upper") << "{ABCDEF01-1111-4111-8111-111111111111}" << true;
        QTest::newRow("no braces") << "11111111-1111-4111-8111-111111111111" << false;
        QTest::newRow("short") << "{1111111-1111-4111-8111-111111111111}" << false;
        QTest::newRow("not hex") << "{g1111111-1111-4111-8111-111111111111}" << false;
        QTest::newRow("trailing") << "{11111111-1111-4111-8111-111111111111}x" << false;
    }
    void validity()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(ExchangeGuid::isValid(text), valid);
    }

    void comparisonIgnoresCase()
    {
        QVERIFY(ExchangeGuid::equal("{abcdef01-1111-4111-8111-111111111111}",
                                    "{ABCDEF01-1111-4111-8111-111111111111}"));
        QVERIFY(ExchangeGuid::equal("abcdef01-1111-4111-8111-111111111111",
                                    "{ABCDEF01-1111-4111-8111-111111111111}"));
        QVERIFY(!ExchangeGuid::equal("{abcdef01-1111-4111-8111-111111111111}",
                                     "{abcdef02-1111-4111-8111-111111111111}"));
        QVERIFY(!ExchangeGuid::equal("", ""));
        QCOMPARE(ExchangeGuid::normalized("{ABCDEF01-1111-4111-8111-11111111111F}"),
                 QString("{abcdef01-1111-4111-8111-11111111111f}"));
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeGuid)
#include "tst_ExchangeGuid.moc"
