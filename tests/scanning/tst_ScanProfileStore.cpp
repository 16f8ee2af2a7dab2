// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ScanProfileStore.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace dms;

class tst_ScanProfileStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("profiles.ini")),
                                                 QSettings::IniFormat);
        m_settings->clear();
    }

    void shipsSaneDefaults()
    {
        const ScanProfileStore store(*m_settings);
        const QList<ScanProfile> profiles = store.profiles();
        QCOMPARE(profiles, ScanProfileStore::defaults());
        QCOMPARE(profiles.size(), 4);
        for (const ScanProfile &profile : profiles)
            QVERIFY2(ScanProfileStore::validate(profile).ok(), qPrintable(profile.name));
        const ScanProfile documents = *store.profile(QStringLiteral("documents"));
        QCOMPARE(documents.mode, ColorMode::Gray);
        QCOMPARE(documents.resolution, 300);
        QCOMPARE(documents.jpegQuality, 50);
        QVERIFY(documents.ocr);
        QCOMPARE(store.profile(QStringLiteral("Text bitonal"))->mode, ColorMode::Lineart);
        QCOMPARE(store.profile(QStringLiteral("Feeder, split on QR"))->separator.kind,
                 SeparatorRule::Kind::Barcode);
        QCOMPARE(store.profile(QStringLiteral("nothing")).error().code, ErrorCode::NotFound);
    }

    void savesAndReadsBackEveryField()
    {
        ScanProfile profile;
        profile.name = QStringLiteral("Заявления");
        profile.source = ScanSource::Duplex;
        profile.mode = ColorMode::Color;
        profile.resolution = 200;
        profile.compression = PageCompression::Bitonal;
        profile.jpegQuality = 60;
        profile.deskew = true;
        profile.blankPageRule.enabled = false;
        profile.blankPageRule.maxInkCoverage = 0.002;
        profile.blankPageRule.marginMm = 7;
        profile.removeBlankPages = true;
        profile.ocr = false;
        profile.separator.kind = SeparatorRule::Kind::Barcode;
        profile.separator.barcodeText = QStringLiteral("DELOVOD-SEPARATOR");
        {
            ScanProfileStore store(*m_settings);
            QVERIFY(store.save(profile).ok());
        }
        // A fresh QSettings on the same file: what was stored, not a cache.
        QSettings reread(m_dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
        const ScanProfileStore store(reread);
        QCOMPARE(store.profiles().size(), 5);
        QCOMPARE(*store.profile(QStringLiteral("заявления")), profile);
    }

    void replacesByNameAndRemoves()
    {
        ScanProfileStore store(*m_settings);
        ScanProfile changed = ScanProfileStore::defaults().first();
        changed.name = QStringLiteral("DOCUMENTS");
        changed.resolution = 150;
        QVERIFY(store.save(changed).ok());
        QCOMPARE(store.profiles().size(), 4);
        QCOMPARE(store.profile(QStringLiteral("Documents"))->resolution, 150);
        QVERIFY(store.remove(QStringLiteral("documents")).ok());
        QCOMPARE(store.profiles().size(), 3);
        QCOMPARE(store.remove(QStringLiteral("documents")).error().code, ErrorCode::NotFound);
        store.reset();
        QCOMPARE(store.profiles(), ScanProfileStore::defaults());
    }

    void refusesInvalidProfiles_data()
    {
        QTest::addColumn<int>("resolution");
        QTest::addColumn<int>("quality");
        QTest::addColumn<QString>("name");
        QTest::newRow("no name") << 300 << 75 << QStringLiteral("  ");
        QTest::newRow("resolution 10") << 10 << 75 << QStringLiteral("x");
        QTest::newRow("resolution 5000") << 5000 << 75 << QStringLiteral("x");
        QTest::newRow("quality 0") << 300 << 0 << QStringLiteral("x");
        QTest::newRow("quality 101") << 300 << 101 << QStringLiteral("x");
    }

    void refusesInvalidProfiles()
    {
        QFETCH(int, resolution);
        QFETCH(int, quality);
        QFETCH(QString, name);
        ScanProfile profile;
        profile.name = name;
        profile.resolution = resolution;
        profile.jpegQuality = quality;
        ScanProfileStore store(*m_settings);
        QCOMPARE(store.save(profile).error().code, ErrorCode::InvalidInput);
        QCOMPARE(store.profiles(), ScanProfileStore::defaults());
    }

    void skipsMalformedStoredProfiles()
    {
        ScanProfileStore store(*m_settings);
        ScanProfile good = ScanProfileStore::defaults().first();
        good.name = QStringLiteral("Good");
        QVERIFY(store.save(good).ok());
        // Hand-edited settings: an unknown mode and a resolution that is not a number.
        const int count = m_settings->beginReadArray(QStringLiteral("scanning/profiles"));
        m_settings->endArray();
        m_settings->beginWriteArray(QStringLiteral("scanning/profiles"), count);
        m_settings->setArrayIndex(0);
        m_settings->setValue(QStringLiteral("mode"), QStringLiteral("infrared"));
        m_settings->setArrayIndex(1);
        m_settings->setValue(QStringLiteral("resolution"), QStringLiteral("lots"));
        m_settings->endArray();
        const QList<ScanProfile> profiles = store.profiles();
        QCOMPARE(profiles.size(), count - 2);
        QVERIFY(store.profile(QStringLiteral("Good")).ok());
        QCOMPARE(store.profile(QStringLiteral("Documents")).error().code, ErrorCode::NotFound);
    }

    void namesRoundTrip()
    {
        for (const ColorMode mode : {ColorMode::Lineart, ColorMode::Gray, ColorMode::Color})
            QCOMPARE(ScanProfileStore::parseMode(ScanProfileStore::modeName(mode)), mode);
        QCOMPARE(ScanProfileStore::parseSource(QStringLiteral("FEEDER")), ScanSource::Feeder);
        QVERIFY(!ScanProfileStore::parseSource(QStringLiteral("tray")));
        QCOMPARE(ScanProfileStore::parseCompression(QStringLiteral("bitonal")), PageCompression::Bitonal);
        QCOMPARE(ScanProfileStore::parseSeparator(QStringLiteral("blank")), SeparatorRule::Kind::BlankSheet);
    }
};

QTEST_GUILESS_MAIN(tst_ScanProfileStore)
#include "tst_ScanProfileStore.moc"
