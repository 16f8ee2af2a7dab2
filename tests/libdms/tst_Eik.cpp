// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Eik.h"

#include <QTest>

using namespace dms;

class tst_Eik : public QObject
{
    Q_OBJECT

private:
    /** The rules written out once more, independently of Eik, to cross-check it. */
    static int referenceNinth(const QString &d)
    {
        int rest = 0;
        for (int i = 0; i < 8; ++i)
            rest += d.at(i).digitValue() * (i + 1);
        rest %= 11;
        if (rest == 10) {
            rest = 0;
            for (int i = 0; i < 8; ++i)
                rest += d.at(i).digitValue() * (i + 3);
            rest %= 11;
        }
        return rest == 10 ? 0 : rest;
    }

private Q_SLOTS:
    void validCodes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("branch");
        QTest::newRow("9 digits") << QStringLiteral("831642181") << false;
        QTest::newRow("9 digits, check 6") << QStringLiteral("123456786") << false;
        QTest::newRow("9 digits, check 2") << QStringLiteral("201263052") << false;
        QTest::newRow("leading zeros") << QStringLiteral("000697784") << false;
        // Weights 1..8 give 10, weights 3..10 give 5.
        QTest::newRow("9 digits, second weights") << QStringLiteral("100002385") << false;
        // Both weightings give 10: the check digit is 0.
        QTest::newRow("9 digits, 10 twice reads 0") << QStringLiteral("100002170") << false;
        QTest::newRow("13 digits") << QStringLiteral("8316421810002") << true;
        QTest::newRow("13 digits, 123") << QStringLiteral("8316421811238") << true;
        QTest::newRow("13 digits, 555") << QStringLiteral("8316421815550") << true;
        QTest::newRow("13 digits, 999") << QStringLiteral("8316421819995") << true;
        // Weights 2,7,3,5 give 10, weights 4,9,5,7 give 2.
        QTest::newRow("13 digits, second weights") << QStringLiteral("8316421810062") << true;
        QTest::newRow("13 digits, 10 twice reads 0") << QStringLiteral("8316421811090") << true;
        QTest::newRow("surrounding whitespace") << QStringLiteral(" 831642181\t") << false;
    }

    void validCodes()
    {
        QFETCH(QString, text);
        QFETCH(bool, branch);
        QCOMPARE(int(Eik::problem(text)), int(Eik::Problem::None));
        QVERIFY(Eik::validate(text).ok());
        auto eik = Eik::parse(text);
        QVERIFY2(eik.ok(), qPrintable(eik.error().toString()));
        QCOMPARE(eik->text(), text.trimmed());
        QCOMPARE(eik->isBranch(), branch);
        QCOMPARE(eik->baseCode(), text.trimmed().left(9));
        QCOMPARE(Eik::checkDigit(eik->text()), referenceNinth(eik->text()));
        QCOMPARE(Eik::checkDigit(eik->text()), eik->text().at(8).digitValue());
        if (branch)
            QCOMPARE(Eik::branchCheckDigit(eik->text()), eik->text().at(12).digitValue());
    }

    void secondWeightingIsExercised()
    {
        // Guard the table above: these really take the fallback paths.
        int sum = 0;
        for (int i = 0; i < 8; ++i)
            sum += QStringLiteral("10000238").at(i).digitValue() * (i + 1);
        QCOMPARE(sum % 11, 10);
        const QString tail = QStringLiteral("1006");
        const int weights[] = {2, 7, 3, 5};
        sum = 0;
        for (int i = 0; i < 4; ++i)
            sum += tail.at(i).digitValue() * weights[i];
        QCOMPARE(sum % 11, 10);
    }

    void invalidCodes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("problem");
        const int format = int(Eik::Problem::Format);
        const int checksum = int(Eik::Problem::Checksum);
        const int branch = int(Eik::Problem::BranchChecksum);
        QTest::newRow("empty") << QString() << format;
        QTest::newRow("blank") << QStringLiteral(" \t ") << format;
        QTest::newRow("8 digits") << QStringLiteral("83164218") << format;
        QTest::newRow("10 digits") << QStringLiteral("8316421811") << format;
        QTest::newRow("11 digits") << QStringLiteral("83164218100") << format;
        QTest::newRow("12 digits") << QStringLiteral("831642181000") << format;
        QTest::newRow("14 digits") << QStringLiteral("83164218100023") << format;
        QTest::newRow("letter") << QStringLiteral("83164218a") << format;
        QTest::newRow("VAT prefix") << QStringLiteral("BG831642181") << format;
        QTest::newRow("inner spaces") << QStringLiteral("831 642 181") << format;
        QTest::newRow("dash") << QStringLiteral("831642181-0002") << format;
        QTest::newRow("fullwidth digits") << QStringLiteral("８３１６４２１８１") << format;
        QTest::newRow("ninth digit off") << QStringLiteral("831642182") << checksum;
        QTest::newRow("second weights ignored") << QStringLiteral("100002380") << checksum;
        QTest::newRow("10 twice not read as 0") << QStringLiteral("100002171") << checksum;
        QTest::newRow("13 digits, bad base") << QStringLiteral("8316421821234") << checksum;
        QTest::newRow("13 digits, last off") << QStringLiteral("8316421810003") << branch;
        QTest::newRow("13 digits, second weights ignored") << QStringLiteral("8316421810060") << branch;
        QTest::newRow("13 digits, 10 twice not 0") << QStringLiteral("8316421811091") << branch;
    }

    void invalidCodes()
    {
        QFETCH(QString, text);
        QFETCH(int, problem);
        QCOMPARE(int(Eik::problem(text)), problem);
        auto eik = Eik::parse(text);
        QVERIFY(!eik.ok());
        QCOMPARE(eik.error().code, ErrorCode::InvalidInput);
        QVERIFY(!eik.error().message.isEmpty());
        QVERIFY(!eik.error().detail.isEmpty());
        QCOMPARE(Eik::validate(text).error().message, eik.error().message);
    }

    void eachProblemHasItsOwnMessage()
    {
        const QString format = Eik::validate(QStringLiteral("12")).error().message;
        const QString checksum = Eik::validate(QStringLiteral("831642182")).error().message;
        const QString branch = Eik::validate(QStringLiteral("8316421810003")).error().message;
        QVERIFY(format != checksum);
        QVERIFY(checksum != branch);
        QVERIFY(format != branch);
    }
};

QTEST_GUILESS_MAIN(tst_Eik)
#include "tst_Eik.moc"
