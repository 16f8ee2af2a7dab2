// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desk/DeskSigningReader.h"

#include <QWidget>

class QPushButton;
class QTableView;
class QTimer;

namespace dms {

class CommandStatusLabel;
class DeskConnection;
class SigningRouteModel;

/** *My routed documents*: what the signed-in user routed for signature and what
 *  became of it (awaiting; signed and registered as INDEX; returned with the
 *  reason; withdrawn). *Withdraw* takes back one still awaiting. */
class RoutedDocumentsPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutedDocumentsPanel)

public:
    explicit RoutedDocumentsPanel(DeskConnection &desk, QWidget *parent = nullptr);
    ~RoutedDocumentsPanel() override;

    SigningRouteModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString statusText() const;

public Q_SLOTS:
    void reload();
    void withdrawSelected();

private:
    void updateActions();

    DeskConnection &m_desk;
    DeskSigningReader m_reader;
    SigningRouteModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_withdraw = nullptr;
    CommandStatusLabel *m_status = nullptr;
    QTimer *m_reloadTimer = nullptr;
};

} // namespace dms
