// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"
#include "desk/DeskSigningReader.h"

#include <QPointer>
#include <QSet>
#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTemporaryDir;
class QTimer;

namespace dms {

class BatchSignJob;
class CommandStatusLabel;
class DeskConnection;
class SigningRouteModel;
class TokenProvider;

/** *For signature* (За подпис): the documents routed to the signed-in user.
 *  *Sign* signs the selected ones one after another with one PIN
 *  (BatchSignJob: progress, Stop; the drafts are fetched first when the desk
 *  lacks them) and queues signing.sign for each signed file; *Return…* sends
 *  the selected one back with a reason. Refusals show under the list. */
class SignatureQueuePanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignatureQueuePanel)

public:
    /** @p desk and the flow's clock must outlive the panel. */
    SignatureQueuePanel(DeskConnection &desk, const IncomingFlowOptions &flow, QWidget *parent = nullptr);
    ~SignatureQueuePanel() override;

    SigningRouteModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    bool isSigning() const;
    /** The error or outcome shown, empty when none. */
    QString statusText() const;

public Q_SLOTS:
    void reload();
    /** Signs the selected routes (fetching their drafts first). */
    void signSelected();
    /** Asks the reason and returns the selected route to its author. */
    void returnSelected();
    /** Returns the selected route with @p reason (required). */
    void returnSelectedWith(const QString &reason);
    void stop();

Q_SIGNALS:
    /** A signing run ended: how many signed documents were queued. */
    void signingFinished(int queued);

private:
    QList<SigningRoute> selectedRoutes() const;
    void fetched(const QString &sha256, const QString &error);
    void startSigning();
    void finishSigning();
    void updateActions();
    void showMessage(const QString &text);

    DeskConnection &m_desk;
    IncomingFlowOptions m_flow;
    DeskSigningReader m_reader;
    SigningRouteModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_sign = nullptr;
    QPushButton *m_return = nullptr;
    QPushButton *m_stop = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_stage = nullptr;
    CommandStatusLabel *m_status = nullptr;
    QTimer *m_reloadTimer = nullptr;
    std::shared_ptr<TokenProvider> m_tokens;
    QList<SigningRoute> m_batch; ///< the routes of the run in progress
    QSet<QString> m_waitingFor; ///< drafts being fetched
    QPointer<BatchSignJob> m_job;
    std::unique_ptr<QTemporaryDir> m_work;
};

} // namespace dms
