// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/PinProvider.h"

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QWaitCondition>

#include <optional>

class QWidget;

namespace dms {

class PinDialog;

/** The desktop's PinProvider: the token worker thread that needs a PIN asks
 *  the GUI thread to show a PinDialog (non-modal to the event loop: open(), no
 *  nested loop) and waits for the answer; a PIN pad entry shows the dialog's
 *  notice while the reader waits for the keypad. Create it on the GUI thread;
 *  pin() must be called from another thread (Cancelled otherwise). Destroying
 *  the provider (or cancelAll()) answers a waiting request with Cancelled. */
class DialogPinProvider : public QObject, public PinProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DialogPinProvider)

public:
    /** @p parent parents the dialogs (may be null). */
    explicit DialogPinProvider(QWidget *dialogParent = nullptr, QObject *parent = nullptr);
    ~DialogPinProvider() override;

    [[nodiscard]] Result<QByteArray> pin(const PinRequest &request) override;
    void pinPadEntry(const PinRequest &request, bool active) override;

    /** Answers the waiting request, if any, with Cancelled. GUI thread. */
    void cancelAll();

Q_SIGNALS:
    /** A PIN dialog was shown (for tests and for bringing the window forward). */
    void dialogShown(dms::PinDialog *dialog);

private:
    void showEntry(const PinRequest &request);
    void showPinPad(const PinRequest &request, bool active);
    void answer(std::optional<QByteArray> pin);

    QPointer<QWidget> m_dialogParent;
    QPointer<PinDialog> m_entry;
    QPointer<PinDialog> m_pinPad;
    QMutex m_mutex;
    QWaitCondition m_answered;
    bool m_waiting = false;
    bool m_closed = false;
    std::optional<QByteArray> m_answer;
};

} // namespace dms
