// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

#if defined(DMS_HAVE_GUI_PRINT)
#include "print/RegistrationSlip.h"
#endif

class QPrinter;
class QWidget;

namespace dms {

class CertifyDialog;
class DeskConnection;

/** What the clerk may do once a registration has its official number: print
 *  the citizen's receipt and the stamp label, and certify the scan as a true
 *  copy with the card (CertifyDialog), which attaches the certified PDF as the
 *  next version of the scan through the desk (SyncEngine::attachFile).
 *
 *  Printers come from the settings: `print/receipt_printer` and
 *  `print/label_printer` name a printer, or "pdf:FILE" to print into a PDF
 *  file; when empty the print dialog asks (window-modal, no nested loop). The
 *  signing runs on CertifyJob's worker; printing paints on the GUI thread.
 *  Outcomes arrive as done() with a translated error (empty on success). */
class RegistrationActions : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegistrationActions)

public:
    enum class Action { Receipt, Label, Certify };
    Q_ENUM(Action)

    /** @p window parents the dialogs; @p desk and @p flow's pointers outlive this. */
    RegistrationActions(DeskConnection &desk, IncomingFlowOptions flow, QWidget *window);
    ~RegistrationActions() override;

    static QString receiptPrinterKey() { return QStringLiteral("print/receipt_printer"); }
    static QString labelPrinterKey() { return QStringLiteral("print/label_printer"); }
    static QString moduleKey() { return QStringLiteral("signing/pkcs11_module"); }
    /** The module used when the settings name none: the system's p11-kit proxy. */
    static QString defaultModule();

    /** The registration just made: its index, time, subject and pages, its
     *  document and the desk's copy of its scan (empty: nothing to certify). */
    void setRegistration(const QString &index, const QDateTime &registeredAt, const QString &subject,
                         int pageCount, const QString &documentId, const QString &scanFile);
    bool isAvailable(Action action) const;

public Q_SLOTS:
    void printReceipt();
    void printLabel();
    void certifyScan();

Q_SIGNALS:
    void done(dms::RegistrationActions::Action action, const QString &error);

private:
    void print(Action action);
    void certified(const QString &output);

    DeskConnection &m_desk;
    IncomingFlowOptions m_flow;
    QWidget *m_window;
    QString m_index;
    QDateTime m_registeredAt;
    QString m_subject;
    int m_pageCount = 0;
    QString m_documentId;
    QString m_scanFile;
    std::shared_ptr<TokenProvider> m_tokens;
    QPointer<CertifyDialog> m_certify;
};

} // namespace dms
