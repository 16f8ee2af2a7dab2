// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"
#include "access/Session.h"
#include "domain/Registration.h"
#include "domain/Registry.h"
#include "sync/Outbox.h"

#include <QDialog>
#include <QHash>
#include <QList>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStringListModel;
class QTemporaryDir;

namespace dms {

class DeskConnection;
class ScanPanel;

/** The form for registering an incoming document: register, kind, subject,
 *  correspondent, channel, pages, access level and whether the document opens a
 *  case file. Correspondents are looked up in the desk's replica.
 *
 *  Fully keyboard operable: the fields are in reading order for Tab, Enter
 *  registers from any field, Esc cancels. The draft is checked with
 *  RegistrationService::validate() and the errors are shown in the form, next
 *  to the field at fault gaining the focus; only a valid draft goes to the
 *  desk's SyncEngine, which queues it with a provisional number (the server
 *  issues the official one). The dialog accepts once the command is queued;
 *  queued() then holds it. Open it with open() (window-modal, no nested event loop).
 *
 *  With a scanner in the options the form has a scan step (ScanPanel: scan,
 *  Import… or drop PDF, JPEG, PNG, TIFF files): on Register the pages are
 *  written as one PDF/A on a worker, then the registration is queued and the
 *  PDF attached to it through the desk (SyncEngine::attachFile, uploaded by the
 *  sync worker, offline too); scanFile() names the PDF afterwards. Without
 *  pages Register queues at once, as without a scanner. */
class RegisterIncomingDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegisterIncomingDialog)

public:
    /** `registers` are offered in order; `preferredRegisterId` is preselected if among them. */
    RegisterIncomingDialog(DeskConnection &desk, const Session &session, const QList<Register> &registers,
                           const QString &preferredRegisterId, const IncomingFlowOptions &flow = {},
                           QWidget *parent = nullptr);
    ~RegisterIncomingDialog() override;

    /** The queued registration command (its payload carries the provisional
     *  number), once the dialog has accepted. */
    const std::optional<OutboxEntry> &queued() const { return m_queued; }
    /** The message shown in the form, empty when there is none. */
    QString errorText() const;
    /** The scan attached to the queued registration (a PDF the desk keeps), empty when none. */
    QString scanFile() const { return m_scanFile; }
    /** Why the scan could not be kept with the registration (the registration is queued). */
    QString attachError() const { return m_attachError; }
    /** The scan step, null without a scanner. */
    ScanPanel *scanPanel() const { return m_scanPanel; }

public Q_SLOTS:
    /** Checks the form and registers; what Enter and the Register button do. */
    void submit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /** The draft as typed; an error when the correspondent cannot be resolved. */
    Result<NewRegistration> request();
    QWidget *fieldAtFault(const DocumentDraft &draft) const;
    void showError(const QString &message, QWidget *field);
    void lookUpCorrespondents(const QString &prefix);
    /** Queues the checked registration and attaches `scan` (when not empty) to it. */
    void queue(const NewRegistration &request, const QString &scan);
    void setBusy(bool busy);

    DeskConnection &m_desk;
    Session m_session;
    std::optional<OutboxEntry> m_queued;
    std::optional<NewRegistration> m_saving; ///< checked, waiting for its scan to be written
    QString m_scanFile;
    QString m_attachError;
    std::shared_ptr<QTemporaryDir> m_scanFolder;
    ScanPanel *m_scanPanel = nullptr;
    QHash<QString, QString> m_correspondentIds; ///< shown name → id, from the last lookup

    QComboBox *m_register = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_subject = nullptr;
    QLineEdit *m_correspondent = nullptr;
    QStringListModel *m_correspondentNames = nullptr;
    QCompleter *m_completer = nullptr;
    QComboBox *m_channel = nullptr;
    QSpinBox *m_pages = nullptr;
    QComboBox *m_access = nullptr;
    QCheckBox *m_openCase = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_registerButton = nullptr;
};

} // namespace dms
