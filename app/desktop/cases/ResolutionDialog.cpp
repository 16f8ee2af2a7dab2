// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/ResolutionDialog.h"

#include "services/ResolutionService.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace dms {

namespace {

constexpr int kUserIdRole = Qt::UserRole + 1;

QString displayName(const DeskUser &user)
{
    return user.fullName.isEmpty() ? user.login : QStringLiteral("%1 (%2)").arg(user.fullName, user.login);
}

} // namespace

ResolutionDialog::ResolutionDialog(const QList<DeskUser> &users, const QDate &today,
                                   const QString &entryIndex, QWidget *parent)
    : QDialog(parent)
    , m_today(today)
{
    setWindowTitle(tr("Resolution on %1").arg(entryIndex));

    m_executor = new QComboBox(this);
    m_executor->setObjectName(QStringLiteral("executorCombo"));
    m_executor->addItem(tr("(choose)"), QString());
    m_coExecutors = new QListWidget(this);
    m_coExecutors->setObjectName(QStringLiteral("coExecutorList"));
    for (const DeskUser &user : users) {
        m_executor->addItem(displayName(user), user.id);
        auto *item = new QListWidgetItem(displayName(user), m_coExecutors);
        item->setData(kUserIdRole, user.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }

    m_instruction = new QPlainTextEdit(this);
    m_instruction->setObjectName(QStringLiteral("instructionEdit"));
    m_instruction->setTabChangesFocus(true);
    m_instruction->setPlaceholderText(tr("What is to be done"));

    m_noDeadline = new QRadioButton(tr("&No deadline"), this);
    m_noDeadline->setObjectName(QStringLiteral("noDeadlineRadio"));
    m_byDays = new QRadioButton(tr("In &working days:"), this);
    m_byDays->setObjectName(QStringLiteral("workingDaysRadio"));
    m_byDate = new QRadioButton(tr("B&y date:"), this);
    m_byDate->setObjectName(QStringLiteral("dateRadio"));
    m_byDays->setChecked(true);
    m_days = new QSpinBox(this);
    m_days->setObjectName(QStringLiteral("workingDaysSpin"));
    m_days->setRange(1, ResolutionService::kMaxWorkingDays);
    m_days->setValue(14);
    m_date = new QDateEdit(this);
    m_date->setObjectName(QStringLiteral("deadlineEdit"));
    m_date->setCalendarPopup(true);
    m_date->setMinimumDate(today);
    m_date->setDate(m_calendar.addWorkingDays(today, m_days->value()));
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("deadlineHint"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));

    auto *deadline = new QGridLayout;
    deadline->addWidget(m_noDeadline, 0, 0, 1, 2);
    deadline->addWidget(m_byDays, 1, 0);
    deadline->addWidget(m_days, 1, 1);
    deadline->addWidget(m_byDate, 2, 0);
    deadline->addWidget(m_date, 2, 1);
    deadline->addWidget(m_hint, 3, 0, 1, 2);

    auto *form = new QFormLayout;
    auto *executorLabel = new QLabel(tr("&Executor:"), this);
    executorLabel->setBuddy(m_executor);
    form->addRow(executorLabel, m_executor);
    auto *coLabel = new QLabel(tr("&Co-executors:"), this);
    coLabel->setBuddy(m_coExecutors);
    form->addRow(coLabel, m_coExecutors);
    auto *instructionLabel = new QLabel(tr("&Instruction:"), this);
    instructionLabel->setBuddy(m_instruction);
    form->addRow(instructionLabel, m_instruction);
    form->addRow(tr("Deadline:"), deadline);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Assign"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_executor, &QComboBox::currentIndexChanged, this, &ResolutionDialog::update);
    connect(m_coExecutors, &QListWidget::itemChanged, this, &ResolutionDialog::update);
    connect(m_instruction, &QPlainTextEdit::textChanged, this, &ResolutionDialog::update);
    for (QRadioButton *radio : {m_noDeadline, m_byDays, m_byDate})
        connect(radio, &QRadioButton::toggled, this, &ResolutionDialog::update);
    connect(m_days, &QSpinBox::valueChanged, this, &ResolutionDialog::update);
    connect(m_date, &QDateEdit::dateChanged, this, &ResolutionDialog::update);
    update();
    m_executor->setFocus();
}

ResolutionDialog::~ResolutionDialog() = default;

NewResolution ResolutionDialog::request(const QString &documentId) const
{
    NewResolution request;
    request.documentId = documentId;
    request.executorId = m_executor->currentData().toString();
    for (int row = 0; row < m_coExecutors->count(); ++row) {
        const QListWidgetItem *item = m_coExecutors->item(row);
        if (item->checkState() == Qt::Checked)
            request.coExecutorIds << item->data(kUserIdRole).toString();
    }
    request.instruction = m_instruction->toPlainText().trimmed();
    if (m_byDays->isChecked())
        request.workingDays = m_days->value();
    else if (m_byDate->isChecked())
        request.deadline = m_date->date();
    return request;
}

QString ResolutionDialog::problem() const
{
    const NewResolution filled = request(QString());
    if (filled.executorId.isEmpty())
        return tr("Choose the executor.");
    if (filled.coExecutorIds.contains(filled.executorId))
        return tr("The executor cannot also be a co-executor.");
    if (filled.instruction.isEmpty())
        return tr("Write the instruction.");
    if (filled.instruction.size() > ResolutionService::kMaxInstructionLength)
        return tr("The instruction is too long (at most %1 characters).")
            .arg(ResolutionService::kMaxInstructionLength);
    if (filled.deadline.isValid() && filled.deadline < m_today)
        return tr("The deadline is in the past.");
    return {};
}

QString ResolutionDialog::hint() const
{
    const QLocale locale;
    if (m_byDays->isChecked()) {
        const QDate due = m_calendar.addWorkingDays(m_today, m_days->value());
        return tr("Due on %1 (%2).")
            .arg(locale.toString(due, QLocale::ShortFormat), locale.dayName(due.dayOfWeek()));
    }
    if (m_byDate->isChecked()) {
        const QDate due = m_date->date();
        QString text
            = tr("%n working day(s) from today.", nullptr, m_calendar.workingDaysBetween(m_today, due));
        if (!m_calendar.isWorkingDay(due))
            text += QLatin1Char(' ') + tr("This is not a working day.");
        return text;
    }
    return tr("The resolution has no deadline.");
}

void ResolutionDialog::update()
{
    m_days->setEnabled(m_byDays->isChecked());
    m_date->setEnabled(m_byDate->isChecked());
    m_hint->setText(hint());
    const QString why = problem();
    m_problem->setText(why);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

} // namespace dms
