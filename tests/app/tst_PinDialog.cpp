// SPDX-License-Identifier: GPL-3.0-or-later
// The PIN dialog and the provider that asks it from a token worker thread.
#include "signing/DialogPinProvider.h"
#include "signing/PinDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <optional>

using namespace dms;

namespace {

PinRequest request(PinState state)
{
    PinRequest request;
    request.tokenLabel = QStringLiteral("QES-TEST");
    request.pinState = state;
    return request;
}

} // namespace

class tst_PinDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsThePinState_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("shown");
        QTest::newRow("ok") << int(PinState::Ok) << QString();
        QTest::newRow("count low") << int(PinState::CountLow) << QStringLiteral("only a few tries are left");
        QTest::newRow("final try") << int(PinState::FinalTry) << QStringLiteral("last try");
        QTest::newRow("locked") << int(PinState::Locked) << QStringLiteral("PIN is locked");
    }
    void showsThePinState()
    {
        QFETCH(int, state);
        QFETCH(QString, shown);
        PinDialog dialog(request(PinState(state)), PinDialog::Mode::Entry);
        QCOMPARE(dialog.stateText().isEmpty(), shown.isEmpty());
        QVERIFY2(dialog.stateText().contains(shown), qPrintable(dialog.stateText()));
        auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("pin"));
        QCOMPARE(field->echoMode(), QLineEdit::Password);
        QCOMPARE(field->isEnabled(), PinState(state) != PinState::Locked);
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        field->setText(QStringLiteral("1234"));
        QCOMPARE(ok->isEnabled(), PinState(state) != PinState::Locked);
        QCOMPARE(dialog.takePin(), QByteArray("1234"));
        QVERIFY(field->text().isEmpty());
    }

    void pinPadModeHasNoField()
    {
        PinDialog dialog(request(PinState::Ok), PinDialog::Mode::PinPad);
        QVERIFY(!dialog.findChild<QLineEdit *>());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("pinPadNotice")));
        QCOMPARE(dialog.takePin(), QByteArray());
    }

    void providerAsksFromAWorkerThread()
    {
        DialogPinProvider provider;
        connect(&provider, &DialogPinProvider::dialogShown, this, [](PinDialog *dialog) {
            dialog->findChild<QLineEdit *>(QStringLiteral("pin"))->setText(QStringLiteral("123456"));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        std::optional<Result<QByteArray>> answer;
        QThread *worker = QThread::create([&] { answer = provider.pin(request(PinState::Ok)); });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker->isFinished(), 10000);
        delete worker;
        QVERIFY(answer && answer->ok());
        QCOMPARE(**answer, QByteArray("123456"));
    }

    void closingTheDialogCancels()
    {
        DialogPinProvider provider;
        connect(&provider, &DialogPinProvider::dialogShown, this,
                [](PinDialog *dialog) { dialog->reject(); });
        std::optional<Result<QByteArray>> answer;
        QThread *worker = QThread::create([&] { answer = provider.pin(request(PinState::FinalTry)); });
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(worker->isFinished(), 10000);
        delete worker;
        QVERIFY(answer && !answer->ok());
        QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    }

    void refusesTheGuiThread()
    {
        DialogPinProvider provider;
        QSignalSpy shown(&provider, &DialogPinProvider::dialogShown);
        QCOMPARE(provider.pin(request(PinState::Ok)).error().code, ErrorCode::Cancelled);
        QCOMPARE(shown.size(), 0);
    }

    void destroyingTheProviderReleasesAWaitingWorker()
    {
        auto provider = std::make_unique<DialogPinProvider>();
        std::optional<Result<QByteArray>> answer;
        QSignalSpy shown(provider.get(), &DialogPinProvider::dialogShown);
        QThread *worker
            = QThread::create([&, raw = provider.get()] { answer = raw->pin(request(PinState::Ok)); });
        worker->start();
        QVERIFY(shown.wait(10000));
        provider->cancelAll();
        QTRY_VERIFY_WITH_TIMEOUT(worker->isFinished(), 10000);
        delete worker;
        QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    }
};

QTEST_MAIN(tst_PinDialog)
#include "tst_PinDialog.moc"
