// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace dms {

class DeskConnection;

/** "Send by СЕОС" for a registered entry: the participant of the exchange
 *  registry (as the office published it to the desk) and an optional comment;
 *  OK queues exchange.send through the desk (DeskExchange::send). */
class SendDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendDialog)

public:
    /** @p desk must outlive the dialog. */
    SendDialog(DeskConnection &desk, const QString &documentId, const QString &index,
               QWidget *parent = nullptr);
    ~SendDialog() override;

    /** The error shown, empty when none. */
    QString errorText() const;

Q_SIGNALS:
    void sendQueued(const QString &opId);

private:
    void send();

    DeskConnection &m_desk;
    QString m_documentId;
    QComboBox *m_participant = nullptr;
    QLineEdit *m_comment = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace dms
