// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desk/DeskCaseReader.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace dms {

/** *Route for signing…*: who signs (the users who may sign outgoing documents,
 *  as the desk knows them) and an optional note for them. */
class RouteForSigningDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteForSigningDialog)

public:
    RouteForSigningDialog(const QList<DeskUser> &signers, QWidget *parent = nullptr);
    ~RouteForSigningDialog() override;

    QString signerId() const;
    QString note() const;

    static constexpr int kMaxNoteLength = 4000;

public Q_SLOTS:
    void accept() override;

private:
    QComboBox *m_signer = nullptr;
    QPlainTextEdit *m_note = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace dms
