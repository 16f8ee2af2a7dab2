// SPDX-License-Identifier: GPL-3.0-or-later
// The pull page written as bytes around the feed's stored JSON must be the same
// JSON document the protocol describes (docs/sync.md, "Pull").
#include "sync/ChangePageWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace dms;

class tst_ChangePageWriter : public QObject
{
    Q_OBJECT

private:
    static SyncChange change(qint64 seq, const QString &entity, const QString &id, const QJsonObject &data)
    {
        SyncChange c;
        c.seq = seq;
        c.entity = entity;
        c.entityId = id;
        c.dataJson = QJsonDocument(data).toJson(QJsonDocument::Compact);
        return c;
    }

    static QJsonObject parse(const QByteArray &json)
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            qWarning() << error.errorString() << json;
            return {};
        }
        return document.object();
    }

private Q_SLOTS:
    void anEmptyPageIsExact()
    {
        ChangePage page;
        page.nextCursor = 42;
        QCOMPARE(ChangePageWriter::write(page),
                 QByteArray(R"({"changes":[],"next_cursor":42,"has_more":false})"));
        page.hasMore = true;
        QCOMPARE(parse(ChangePageWriter::write(page)).value("has_more").toBool(), true);
    }

    void storedDataIsSplicedUnchanged()
    {
        const QJsonObject first {{"index", "СОА26-ВК66-100/04.12.2026"},
                                 {"number", 100},
                                 {"subject", "Заявление \"за\" достъп \\ 1\n\tред"},
                                 {"nested", QJsonObject {{"list", QJsonArray {1, "две", QJsonValue::Null}}}}};
        const QJsonObject second {{"name", "ЕТ „Пример“"}, {"kind", "legal"}};
        ChangePage page;
        page.changes = {change(7, "registration", "0190c1d2-a", first),
                        change(9, "correspondent", "0190c1d2-b", second)};
        page.nextCursor = 10;
        page.hasMore = true;
        const QByteArray written = ChangePageWriter::write(page);
        // The stored bytes appear verbatim: nothing re-encoded them.
        QVERIFY(written.contains(page.changes[0].dataJson));
        QVERIFY(written.contains(page.changes[1].dataJson));

        const QJsonObject body = parse(written);
        const QJsonArray changes = body.value("changes").toArray();
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0].toObject(),
                 (QJsonObject {{"seq", 7},
                               {"entity", "registration"},
                               {"id", "0190c1d2-a"},
                               {"op", "upsert"},
                               {"data", first}}));
        QCOMPARE(changes[1].toObject().value("data").toObject(), second);
        QCOMPARE(changes[1].toObject().value("seq").toInteger(), 9);
        QCOMPARE(body.value("next_cursor").toInteger(), 10);
        QCOMPARE(body.value("has_more").toBool(), true);
        QCOMPARE(body.size(), 3);
    }

    void largeSequenceNumbersStayExact()
    {
        ChangePage page;
        page.changes = {change(9'007'199'254'740'000, "registration", "x", {})};
        page.nextCursor = 9'007'199'254'740'000;
        const QJsonObject body = parse(ChangePageWriter::write(page));
        QCOMPARE(body.value("next_cursor").toInteger(), 9'007'199'254'740'000);
        QCOMPARE(body.value("changes")[0].toObject().value("seq").toInteger(), 9'007'199'254'740'000);
    }

    void stringsAreEscaped_data()
    {
        QTest::addColumn<QString>("text");
        QString controls;
        for (char16_t c = 0; c < 0x20; ++c)
            controls.append(QChar(c));
        QTest::newRow("control characters") << controls;
        QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c\"\\");
        QTest::newRow("cyrillic") << QStringLiteral("Гише № 1");
        QTest::newRow("line separator and emoji") << QStringLiteral("a\u2028b \U0001F4C4");
        QTest::newRow("empty") << QString();
        QTest::newRow("delete and slash") << QStringLiteral("\x7f/</script>");
    }

    void stringsAreEscaped()
    {
        QFETCH(QString, text);
        QByteArray out = "[";
        ChangePageWriter::appendString(out, text);
        out.append(']');
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.array().at(0).toString(), text);
    }

    void entityAndIdAreEscaped()
    {
        ChangePage page;
        page.changes = {change(1, "reg\"istration", "id\\\n1", {{"a", 1}})};
        const QJsonObject first = parse(ChangePageWriter::write(page)).value("changes")[0].toObject();
        QCOMPARE(first.value("entity").toString(), "reg\"istration");
        QCOMPARE(first.value("id").toString(), "id\\\n1");
    }

    void damagedStoredDataDoesNotBreakThePage_data()
    {
        QTest::addColumn<QByteArray>("stored");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not json") << QByteArray("not json");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("truncated") << QByteArray("{\"a\":1");
        QTest::newRow("one brace") << QByteArray("{");
    }

    void damagedStoredDataDoesNotBreakThePage()
    {
        QFETCH(QByteArray, stored);
        ChangePage page;
        SyncChange damaged = change(1, "registration", "a", {});
        damaged.dataJson = stored;
        page.changes = {damaged, change(2, "registration", "b", {{"n", 2}})};
        page.nextCursor = 2;
        const QJsonObject body = parse(ChangePageWriter::write(page));
        const QJsonArray changes = body.value("changes").toArray();
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0].toObject().value("data").toObject(), QJsonObject());
        QCOMPARE(changes[1].toObject().value("data").toObject(), (QJsonObject {{"n", 2}}));
    }
};

QTEST_GUILESS_MAIN(tst_ChangePageWriter)
#include "tst_ChangePageWriter.moc"
