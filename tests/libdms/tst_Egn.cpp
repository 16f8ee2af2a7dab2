// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Egn.h"

#include <QRegularExpression>
#include <QTest>

using namespace dms;

class tst_Egn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDate>("birthDate");
        QTest::addColumn<bool>("male");
        QTest::newRow("1975") << QStringLiteral("7501010010") << QDate(1975, 1, 1) << false;
        QTest::newRow("28 Feb") << QStringLiteral("8502281234") << QDate(1985, 2, 28) << false;
        QTest::newRow("last day of 1999") << QStringLiteral("9912319971") << QDate(1999, 12, 31) << false;
        QTest::newRow("even ninth digit") << QStringLiteral("6606066604") << QDate(1966, 6, 6) << true;
        QTest::newRow("29 Feb 1980") << QStringLiteral("8002294568") << QDate(1980, 2, 29) << true;
        QTest::newRow("29 Feb 2000 (400 rule)") << QStringLiteral("0042298763") << QDate(2000, 2, 29) << true;
        QTest::newRow("29 Feb 2096") << QStringLiteral("9642290014") << QDate(2096, 2, 29) << false;
        QTest::newRow("29 Feb 1896") << QStringLiteral("9622290010") << QDate(1896, 2, 29) << false;
        QTest::newRow("29 Feb 1820") << QStringLiteral("2022290015") << QDate(1820, 2, 29) << false;
        QTest::newRow("1800s month+20") << QStringLiteral("7521012341") << QDate(1875, 1, 1) << true;
        QTest::newRow("1800s November") << QStringLiteral("0531123458") << QDate(1805, 11, 12) << false;
        QTest::newRow("2000s month+40") << QStringLiteral("7541012346") << QDate(2075, 1, 1) << true;
        // Weighted sum mod 11 is 10 here: the check digit is 0.
        QTest::newRow("checksum 10 reads 0") << QStringLiteral("8503150060") << QDate(1985, 3, 15) << true;
        QTest::newRow("surrounding whitespace")
            << QStringLiteral(" \t7501010010 \n") << QDate(1975, 1, 1) << false;
    }

    void validNumbers()
    {
        QFETCH(QString, text);
        QFETCH(QDate, birthDate);
        QFETCH(bool, male);
        QCOMPARE(int(Egn::problem(text)), int(Egn::Problem::None));
        QVERIFY(Egn::validate(text).ok());
        auto egn = Egn::parse(text);
        QVERIFY2(egn.ok(), qPrintable(egn.error().toString()));
        QCOMPARE(egn->text(), text.trimmed());
        QCOMPARE(egn->birthDate(), birthDate);
        QCOMPARE(egn->isMale(), male);
        QCOMPARE(Egn::checkDigit(egn->text()), egn->text().at(9).digitValue());
    }

    void checksumTenReadsZero()
    {
        // The case the weights make 10: naive "sum % 11" would never match a digit.
        int sum = 0;
        const int weights[] = {2, 4, 8, 5, 10, 9, 7, 3, 6};
        const QString digits = QStringLiteral("850315006");
        for (int i = 0; i < 9; ++i)
            sum += digits.at(i).digitValue() * weights[i];
        QCOMPARE(sum % 11, 10);
        QCOMPARE(Egn::checkDigit(digits), 0);
        QVERIFY(!Egn::validate(QStringLiteral("8503150061")).ok());
    }

    void invalidNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("problem");
        const int format = int(Egn::Problem::Format);
        const int date = int(Egn::Problem::BirthDate);
        const int checksum = int(Egn::Problem::Checksum);
        QTest::newRow("empty") << QString() << format;
        QTest::newRow("blank") << QStringLiteral("   ") << format;
        QTest::newRow("nine digits") << QStringLiteral("750101001") << format;
        QTest::newRow("eleven digits") << QStringLiteral("75010100100") << format;
        QTest::newRow("Latin letter") << QStringLiteral("75010l0010") << format;
        QTest::newRow("Cyrillic letter") << QStringLiteral("7501О10010") << format;
        QTest::newRow("inner space") << QStringLiteral("7501 10010") << format;
        QTest::newRow("dash") << QStringLiteral("750101-0010") << format;
        QTest::newRow("sign") << QStringLiteral("-501010010") << format;
        QTest::newRow("fullwidth digits") << QStringLiteral("７５０１０１００１０") << format;
        QTest::newRow("Arabic-Indic digits") << QStringLiteral("٧٥٠١٠١٠٠١٠") << format;
        // Each of these has a matching check digit: only the date is wrong.
        QTest::newRow("month 0") << QStringLiteral("7500010015") << date;
        QTest::newRow("month 13") << QStringLiteral("7513010016") << date;
        QTest::newRow("month 20 (1800s month 0)") << QStringLiteral("7520010010") << date;
        QTest::newRow("month 33 (1800s month 13)") << QStringLiteral("7533010010") << date;
        QTest::newRow("month 40 (2000s month 0)") << QStringLiteral("7540010014") << date;
        QTest::newRow("month 53 (2000s month 13)") << QStringLiteral("7553010015") << date;
        QTest::newRow("day 0") << QStringLiteral("7501000011") << date;
        QTest::newRow("day 32") << QStringLiteral("7501320015") << date;
        QTest::newRow("30 Feb") << QStringLiteral("7502300013") << date;
        QTest::newRow("31 Apr") << QStringLiteral("7504310010") << date;
        QTest::newRow("29 Feb 1919") << QStringLiteral("1902290011") << date;
        QTest::newRow("29 Feb 1929") << QStringLiteral("2902291112") << date;
        QTest::newRow("29 Feb 1900 (century)") << QStringLiteral("0002290017") << date;
        QTest::newRow("29 Feb 1800 (century)") << QStringLiteral("0022290011") << date;
        QTest::newRow("29 Feb 2001") << QStringLiteral("0142298767") << date;
        QTest::newRow("29 Feb 2075") << QStringLiteral("7542290017") << date;
        QTest::newRow("last digit off by one") << QStringLiteral("7501010011") << checksum;
        QTest::newRow("last digit 9") << QStringLiteral("7501010019") << checksum;
        QTest::newRow("swapped month digits") << QStringLiteral("7510010010") << checksum;
        QTest::newRow("2000s wrong check") << QStringLiteral("0042298760") << checksum;
    }

    void invalidNumbers()
    {
        QFETCH(QString, text);
        QFETCH(int, problem);
        QCOMPARE(int(Egn::problem(text)), problem);
        auto egn = Egn::parse(text);
        QVERIFY(!egn.ok());
        QCOMPARE(egn.error().code, ErrorCode::InvalidInput);
        QVERIFY(!egn.error().message.isEmpty());
        QCOMPARE(Egn::validate(text).error().message, egn.error().message);
        // Neither the number nor a run of its digits may reach logs.
        static const QRegularExpression digitRun(QStringLiteral("\\d{4,}"));
        QVERIFY2(!digitRun.match(egn.error().detail).hasMatch(), qPrintable(egn.error().detail));
        QVERIFY(!digitRun.match(egn.error().message).hasMatch());
        if (!text.trimmed().isEmpty())
            QVERIFY(!egn.error().toString().contains(text.trimmed()));
    }

    void eachProblemHasItsOwnMessage()
    {
        const QString format = Egn::validate(QStringLiteral("123")).error().message;
        const QString date = Egn::validate(QStringLiteral("7513010016")).error().message;
        const QString checksum = Egn::validate(QStringLiteral("7501010011")).error().message;
        QVERIFY(!format.isEmpty() && !date.isEmpty() && !checksum.isEmpty());
        QVERIFY(format != date);
        QVERIFY(date != checksum);
        QVERIFY(format != checksum);
    }

    void masking_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("masked");
        QTest::newRow("valid") << QStringLiteral("7501010010") << QStringLiteral("750101****");
        QTest::newRow("trimmed") << QStringLiteral(" 8503150060 ") << QStringLiteral("850315****");
        QTest::newRow("bad checksum still hides the tail")
            << QStringLiteral("7501010011") << QStringLiteral("750101****");
        QTest::newRow("too short") << QStringLiteral("75010100") << QStringLiteral("**********");
        QTest::newRow("too long") << QStringLiteral("750101001012") << QStringLiteral("**********");
        QTest::newRow("letters") << QStringLiteral("75010l0010") << QStringLiteral("**********");
        QTest::newRow("empty") << QString() << QStringLiteral("**********");
    }

    void masking()
    {
        QFETCH(QString, text);
        QFETCH(QString, masked);
        QCOMPARE(Egn::mask(text), masked);
        QVERIFY(Egn::isMasked(masked));
        QVERIFY(!Egn::isMasked(text));
    }

    void maskedValue()
    {
        auto egn = Egn::parse(QStringLiteral("6606066604"));
        QVERIFY(egn.ok());
        QCOMPARE(egn->masked(), QStringLiteral("660606****"));
        QVERIFY(!egn->masked().contains(QStringLiteral("6604")));
        QVERIFY(!Egn::isMasked(QStringLiteral("660606***4")));
        QVERIFY(!Egn::isMasked(QStringLiteral("66060*****")));
    }
};

QTEST_GUILESS_MAIN(tst_Egn)
#include "tst_Egn.moc"
