// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/StoredEntryValues.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace dms;
using Kind = StoredEntryValues::Kind;

Q_DECLARE_METATYPE(StoredEntryValues::Kind)

class tst_StoredEntryValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void values_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("plain") << QByteArray("{\"a\":\"abc\"}") << Kind::String << QByteArray("abc");
        QTest::newRow("empty string") << QByteArray("{\"a\":\"\"}") << Kind::String << QByteArray();
        QTest::newRow("cyrillic") << QStringLiteral("{\"a\":\"„Шипка“ ООД\"}").toUtf8() << Kind::String
                                  << QStringLiteral("„Шипка“ ООД").toUtf8();
        QTest::newRow("escapes") << QByteArray("{\"a\":\"q\\\"b\\\\s\\/n\\nr\\rt\\tb\\bf\\f\"}")
                                 << Kind::String << QByteArray("q\"b\\s/n\nr\rt\tb\bf\f");
        QTest::newRow("control escaped")
            << QByteArray("{\"a\":\"x\\u0001\\u001fy\"}") << Kind::String << QByteArray("x\x01\x1fy");
        QTest::newRow("nul escaped") << QByteArray("{\"a\":\"\\u0000\"}") << Kind::String
                                     << QByteArray("\0", 1);
        QTest::newRow("bmp escaped") << QByteArray("{\"a\":\"\\u0428\\u20AC\"}") << Kind::String
                                     << QStringLiteral("Ш€").toUtf8();
        QTest::newRow("surrogate pair")
            << QByteArray("{\"a\":\"\\ud83d\\ude00!\"}") << Kind::String << QByteArray("\xf0\x9f\x98\x80!");
        QTest::newRow("raw 4-byte utf8")
            << QByteArray("{\"a\":\"\xf0\x9f\x98\x80\"}") << Kind::String << QByteArray("\xf0\x9f\x98\x80");
        QTest::newRow("integer") << QByteArray("{\"a\":12}") << Kind::Number << QByteArray("12");
        QTest::newRow("negative real")
            << QByteArray("{\"a\":-0.5e+3}") << Kind::Number << QByteArray("-0.5e+3");
        QTest::newRow("true") << QByteArray("{\"a\":true}") << Kind::True << QByteArray();
        QTest::newRow("false") << QByteArray("{\"a\":false}") << Kind::False << QByteArray();
        QTest::newRow("null") << QByteArray("{\"a\":null}") << Kind::Null << QByteArray();
        QTest::newRow("missing") << QByteArray("{\"b\":\"x\"}") << Kind::Missing << QByteArray();
        QTest::newRow("empty object") << QByteArray("{}") << Kind::Missing << QByteArray();
        QTest::newRow("whitespace") << QByteArray(" \r\n\t{ \"b\" : 1 ,\n \"a\" :\t\"x\" } \n")
                                    << Kind::String << QByteArray("x");
        QTest::newRow("last duplicate wins")
            << QByteArray("{\"a\":\"1\",\"a\":\"2\"}") << Kind::String << QByteArray("2");
        QTest::newRow("escaped key") << QByteArray("{\"\\u0061\":\"x\"}") << Kind::String << QByteArray("x");
        QTest::newRow("other keys skipped")
            << QByteArray("{\"a\\\"b\":\"\\ud83d\\ude00\",\"c\":true,\"a\":\"x\"}") << Kind::String
            << QByteArray("x");
    }

    void values()
    {
        QFETCH(QByteArray, json);
        QFETCH(Kind, kind);
        QFETCH(QByteArray, text);
        StoredEntryValues values({QStringLiteral("z"), QStringLiteral("a")});
        QVERIFY(values.parse(json));
        QCOMPARE(values.value(1).kind, kind);
        QCOMPARE(values.value(1).text.toByteArray(), text);
        QCOMPARE(values.value(0).kind, Kind::Missing);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("spaces") << QByteArray("  ");
        QTest::newRow("array") << QByteArray("[\"a\"]");
        QTest::newRow("string") << QByteArray("\"a\"");
        QTest::newRow("unclosed object") << QByteArray("{\"a\":\"x\"");
        QTest::newRow("unclosed string") << QByteArray("{\"a\":\"x}");
        QTest::newRow("trailing comma") << QByteArray("{\"a\":\"x\",}");
        QTest::newRow("missing colon") << QByteArray("{\"a\" \"x\"}");
        QTest::newRow("missing value") << QByteArray("{\"a\":}");
        QTest::newRow("unquoted key") << QByteArray("{a:\"x\"}");
        QTest::newRow("single quotes") << QByteArray("{'a':'x'}");
        QTest::newRow("nested object") << QByteArray("{\"a\":{\"b\":1}}");
        QTest::newRow("nested array") << QByteArray("{\"a\":[1]}");
        QTest::newRow("nested in another field") << QByteArray("{\"b\":[1],\"a\":\"x\"}");
        QTest::newRow("after the object") << QByteArray("{\"a\":\"x\"}x");
        QTest::newRow("two objects") << QByteArray("{}{}");
        QTest::newRow("raw newline") << QByteArray("{\"a\":\"x\ny\"}");
        QTest::newRow("raw control") << QByteArray("{\"a\":\"x\x01y\"}");
        QTest::newRow("bad escape") << QByteArray("{\"a\":\"\\x41\"}");
        QTest::newRow("short unicode escape") << QByteArray("{\"a\":\"\\u12\"}");
        QTest::newRow("non-hex unicode escape") << QByteArray("{\"a\":\"\\u12g4\"}");
        QTest::newRow("lone high surrogate") << QByteArray("{\"a\":\"\\ud83dx\"}");
        QTest::newRow("lone low surrogate") << QByteArray("{\"a\":\"\\ude00\"}");
        QTest::newRow("high + high") << QByteArray("{\"a\":\"\\ud83d\\ud83d\"}");
        QTest::newRow("escape at end") << QByteArray("{\"a\":\"\\");
        QTest::newRow("invalid utf8 byte") << QByteArray("{\"a\":\"\xff\"}");
        QTest::newRow("truncated utf8") << QByteArray("{\"a\":\"\xd0\"}");
        QTest::newRow("overlong utf8") << QByteArray("{\"a\":\"\xc0\xaf\"}");
        QTest::newRow("utf8 surrogate") << QByteArray("{\"a\":\"\xed\xa0\x80\"}");
        QTest::newRow("above U+10FFFF") << QByteArray("{\"a\":\"\xf4\x90\x80\x80\"}");
        QTest::newRow("invalid utf8 in a key") << QByteArray("{\"\xff\":1}");
        QTest::newRow("leading zero") << QByteArray("{\"a\":012}");
        QTest::newRow("plus sign") << QByteArray("{\"a\":+1}");
        QTest::newRow("bare minus") << QByteArray("{\"a\":-}");
        QTest::newRow("dot without digits") << QByteArray("{\"a\":1.}");
        QTest::newRow("exponent without digits") << QByteArray("{\"a\":1e}");
        QTest::newRow("NaN") << QByteArray("{\"a\":NaN}");
        QTest::newRow("truncated literal") << QByteArray("{\"a\":tru}");
        QTest::newRow("capital literal") << QByteArray("{\"a\":True}");
    }

    void refused()
    {
        QFETCH(QByteArray, json);
        StoredEntryValues values({QStringLiteral("a")});
        QVERIFY(!values.parse(json));
        // The next entry is read afresh.
        QVERIFY(values.parse("{\"a\":\"ok\"}"));
        QCOMPARE(values.value(0).text.toByteArray(), QByteArray("ok"));
    }

    void valuesAreResetBetweenEntries()
    {
        StoredEntryValues values({QStringLiteral("a"), QStringLiteral("b")});
        QVERIFY(values.parse("{\"a\":\"x\\ty\",\"b\":1}"));
        QCOMPARE(values.value(0).text.toByteArray(), QByteArray("x\ty"));
        QVERIFY(values.parse("{\"b\":2}"));
        QCOMPARE(values.value(0).kind, Kind::Missing);
        QCOMPARE(values.value(1).text.toByteArray(), QByteArray("2"));
    }

    /** What Qt's own writer stores, read back exactly as QJsonDocument reads it. */
    void agreesWithQJsonDocument()
    {
        QRandomGenerator random(20261204);
        // a, Я, ", \, LF, CR, TAB, ',', space, controls, DEL, U+2028, €, '/', 😀 (a surrogate pair)
        const QList<char16_t> alphabet {0x61, 0x42f, 0x22, 0x5c, 0x0a,   0x0d,   0x09, 0x2c,
                                        0x20, 0x01,  0x1f, 0x7f, 0x2028, 0x20ac, 0x2f, 0xd83d};
        for (int round = 0; round < 500; ++round) {
            QJsonObject object;
            for (const char *name : {"a", "b", "c"}) {
                QString text;
                const int length = random.bounded(12);
                for (int i = 0; i < length; ++i) {
                    const char16_t c = alphabet.at(random.bounded(alphabet.size()));
                    text += QChar(c);
                    if (c == 0xd83d)
                        text += QChar(char16_t(0xde00));
                }
                object.insert(QLatin1String(name), text);
            }
            object.insert(QStringLiteral("n"), qint64(random.bounded(1'000'000)) - 500'000);
            const QByteArray json
                = QJsonDocument(object).toJson(round % 2 ? QJsonDocument::Compact : QJsonDocument::Indented);
            StoredEntryValues values({QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("n")});
            QVERIFY2(values.parse(json), json.constData());
            QCOMPARE(QString::fromUtf8(values.value(0).text), object.value(QStringLiteral("c")).toString());
            QCOMPARE(QString::fromUtf8(values.value(1).text), object.value(QStringLiteral("a")).toString());
            QCOMPARE(values.value(2).text.toByteArray().toLongLong(),
                     object.value(QStringLiteral("n")).toInteger());
        }
    }
};

QTEST_GUILESS_MAIN(tst_StoredEntryValues)
#include "tst_StoredEntryValues.moc"
