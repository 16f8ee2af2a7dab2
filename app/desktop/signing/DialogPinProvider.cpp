// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/DialogPinProvider.h"

#include "signing/PinDialog.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QThread>
#include <QWidget>

namespace dms {

DialogPinProvider::DialogPinProvider(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{ }

DialogPinProvider::~DialogPinProvider()
{
    QMutexLocker lock(&m_mutex);
    m_closed = true;
    m_answer.reset();
    m_answered.wakeAll();
    lock.unlock();
    delete m_entry;
    delete m_pinPad;
}

Result<QByteArray> DialogPinProvider::pin(const PinRequest &request)
{
    if (QThread::currentThread() == thread())
        return makeError(ErrorCode::Cancelled, tr("The PIN cannot be asked on the window's own thread."));
    QMutexLocker lock(&m_mutex);
    if (m_closed)
        return makeError(ErrorCode::Cancelled, tr("PIN entry was cancelled."));
    m_waiting = true;
    m_answer.reset();
    QMetaObject::invokeMethod(
        this, [this, request] { showEntry(request); }, Qt::QueuedConnection);
    while (m_waiting && !m_closed)
        m_answered.wait(&m_mutex);
    m_waiting = false;
    if (!m_answer)
        return makeError(ErrorCode::Cancelled, tr("PIN entry was cancelled."));
    return *std::exchange(m_answer, std::nullopt);
}

void DialogPinProvider::pinPadEntry(const PinRequest &request, bool active)
{
    QMetaObject::invokeMethod(
        this, [this, request, active] { showPinPad(request, active); }, Qt::QueuedConnection);
}

void DialogPinProvider::cancelAll()
{
    if (m_entry)
        m_entry->reject();
    else
        answer(std::nullopt);
}

void DialogPinProvider::showEntry(const PinRequest &request)
{
    delete m_entry;
    m_entry = new PinDialog(request, PinDialog::Mode::Entry, m_dialogParent);
    m_entry->setAttribute(Qt::WA_DeleteOnClose);
    m_entry->setWindowModality(Qt::ApplicationModal);
    PinDialog *dialog = m_entry;
    connect(dialog, &QDialog::finished, this, [this, dialog](int result) {
        answer(result == QDialog::Accepted ? std::optional<QByteArray>(dialog->takePin()) : std::nullopt);
    });
    dialog->open();
    Q_EMIT dialogShown(dialog);
}

void DialogPinProvider::showPinPad(const PinRequest &request, bool active)
{
    if (!active) {
        if (m_pinPad)
            m_pinPad->close();
        return;
    }
    delete m_pinPad;
    m_pinPad = new PinDialog(request, PinDialog::Mode::PinPad, m_dialogParent);
    m_pinPad->setAttribute(Qt::WA_DeleteOnClose);
    // Closing the notice cannot stop the reader; it only hides the hint.
    m_pinPad->open();
    Q_EMIT dialogShown(m_pinPad);
}

void DialogPinProvider::answer(std::optional<QByteArray> pin)
{
    QMutexLocker lock(&m_mutex);
    if (!m_waiting)
        return;
    m_answer = std::move(pin);
    m_waiting = false;
    m_answered.wakeAll();
}

} // namespace dms
