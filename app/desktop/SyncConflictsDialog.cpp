// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncConflictsDialog.h"

#include "desk/DeskReader.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace dms {

namespace {

QString describe(const OutboxEntry &entry)
{
    if (entry.kind == QLatin1String("registration.create")) {
        const QString number = entry.payload.value(QStringLiteral("provisional"))
                                   .toObject()
                                   .value(QStringLiteral("number"))
                                   .toString();
        const QString subject = entry.payload.value(QStringLiteral("document"))
                                    .toObject()
                                    .value(QStringLiteral("subject"))
                                    .toString();
        return SyncConflictsDialog::tr("Registration %1: %2").arg(number, subject);
    }
    if (entry.kind == QLatin1String("registration.annul"))
        return SyncConflictsDialog::tr("Annulment: %1")
            .arg(entry.payload.value(QStringLiteral("reason")).toString());
    if (entry.kind == QLatin1String("correspondent.create"))
        return SyncConflictsDialog::tr("New correspondent: %1")
            .arg(entry.payload.value(QStringLiteral("name")).toString());
    return entry.kind;
}

} // namespace

SyncConflictsDialog::SyncConflictsDialog(DeskReader &reader, const QTimeZone &timeZone, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("syncConflictsDialog"));
    setWindowTitle(tr("Refused by the server"));
    auto *intro = new QLabel(tr("The server refused these commands of this desk. Nothing of them was"
                                " recorded; do the work again where it is still needed."),
                             this);
    intro->setWordWrap(true);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("conflictsTable"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Made"), tr("Command"), tr("Reason")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto conflicts = reader.conflicts(1000);
    if (conflicts) {
        m_table->setRowCount(int(conflicts->size()));
        for (int row = 0; row < conflicts->size(); ++row) {
            const OutboxEntry &entry = conflicts->at(row);
            const QString made
                = entry.createdAt.toTimeZone(timeZone).toString(QStringLiteral("dd.MM.yyyy HH:mm:ss"));
            const QString reason = entry.result.value(QStringLiteral("error"))
                                       .toObject()
                                       .value(QStringLiteral("message"))
                                       .toString();
            m_table->setItem(row, 0, new QTableWidgetItem(made));
            m_table->setItem(row, 1, new QTableWidgetItem(describe(entry)));
            m_table->setItem(row, 2, new QTableWidgetItem(reason));
        }
    } else {
        intro->setText(conflicts.error().message);
    }
    m_table->resizeColumnsToContents();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(760, 360);
}

SyncConflictsDialog::~SyncConflictsDialog() = default;

int SyncConflictsDialog::count() const
{
    return m_table->rowCount();
}

} // namespace dms
