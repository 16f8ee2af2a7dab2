// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/RegisterExportDialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace dms {

RegisterExportDialog::RegisterExportDialog(DeskReader &reader, const Session &session,
                                           const QList<Register> &registers, const QString &preferred,
                                           const QTimeZone &timeZone, QWidget *parent)
    : QDialog(parent)
    , m_reader(reader)
    , m_session(session)
    , m_registers(registers)
    , m_timeZone(timeZone)
{
    setObjectName(QStringLiteral("registerExportDialog"));
    setWindowTitle(tr("Export a register"));

    m_register = new QComboBox(this);
    m_register->setObjectName(QStringLiteral("exportRegister"));
    for (const Register &reg : std::as_const(m_registers))
        m_register->addItem(QStringLiteral("%1 — %2").arg(reg.code, reg.name), reg.id);
    if (const int index = m_register->findData(preferred); index >= 0)
        m_register->setCurrentIndex(index);

    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(m_timeZone).date();
    m_from = new QDateEdit(QDate(today.year(), 1, 1), this);
    m_from->setObjectName(QStringLiteral("exportFrom"));
    m_from->setCalendarPopup(true);
    m_from->setDisplayFormat(QStringLiteral("dd.MM.yyyy"));
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("exportTo"));
    m_to->setCalendarPopup(true);
    m_to->setDisplayFormat(QStringLiteral("dd.MM.yyyy"));

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("CSV (UTF-8, comma-separated)"), int(RegisterExportRequest::Format::Csv));
    m_format->addItem(tr("JSON"), int(RegisterExportRequest::Format::Json));

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    auto *browse = new QToolButton(this);
    browse->setText(tr("Choose…"));
    connect(browse, &QToolButton::clicked, this, &RegisterExportDialog::chooseFile);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("exportError"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Register:"), m_register);
    form->addRow(tr("&From:"), m_from);
    form->addRow(tr("&To:"), m_to);
    form->addRow(tr("F&ormat:"), m_format);
    form->addRow(tr("F&ile:"), pathRow);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RegisterExportDialog::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Entries still awaiting their number are not exported; restricted"
                                    " entries only for those who may read them."),
                                 this));
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    for (QComboBox *box : {m_register, m_format})
        connect(box, &QComboBox::currentIndexChanged, this, &RegisterExportDialog::suggestPath);
    for (QDateEdit *edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, &RegisterExportDialog::suggestPath);
    suggestPath();
}

RegisterExportDialog::~RegisterExportDialog() = default;

RegisterExportRequest RegisterExportDialog::request() const
{
    RegisterExportRequest request;
    request.session = m_session;
    request.registerId = m_register->currentData().toString();
    for (const Register &reg : m_registers) {
        if (reg.id == request.registerId)
            request.registerCode = reg.code;
    }
    request.from = m_from->date();
    request.to = m_to->date();
    request.timeZone = m_timeZone;
    request.format = RegisterExportRequest::Format(m_format->currentData().toInt());
    request.path = m_path->text().trimmed();
    return request;
}

QString RegisterExportDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void RegisterExportDialog::suggestPath()
{
    if (!m_path->text().isEmpty() && m_path->text() != m_suggested)
        return; // the clerk's own choice stays
    const RegisterExportRequest r = request();
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    m_suggested = QDir(folder).filePath(
        QStringLiteral("%1_%2_%3.%4")
            .arg(r.registerCode, r.from.toString(Qt::ISODate), r.to.toString(Qt::ISODate),
                 r.format == RegisterExportRequest::Format::Json ? QStringLiteral("json")
                                                                 : QStringLiteral("csv")));
    m_path->setText(m_suggested);
}

void RegisterExportDialog::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Export to"), m_path->text());
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, m_path, &QLineEdit::setText);
    dialog->open();
}

void RegisterExportDialog::showError(const QString &text, bool failure)
{
    // A cancelled export is said plainly, not as a failure.
    m_error->setStyleSheet(failure ? QStringLiteral("color: #b3261e;") : QString());
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void RegisterExportDialog::startExport()
{
    if (m_job)
        return;
    const RegisterExportRequest r = request();
    if (r.from > r.to) {
        showError(tr("The period starts after it ends."));
        return;
    }
    if (r.path.isEmpty()) {
        showError(tr("Choose the file to export to."));
        return;
    }
    showError({});
    m_job = new RegisterExportJob(m_reader, r, this);
    connect(m_job, &RegisterExportJob::finished, this, &RegisterExportDialog::finished);

    auto *progress = new QProgressDialog(tr("Exporting %1…").arg(r.registerCode), tr("Cancel"), 0, 0, this);
    progress->setObjectName(QStringLiteral("exportProgress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(500);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    connect(m_job, &RegisterExportJob::progress, progress, [progress](int done, int total) {
        progress->setMaximum(total);
        progress->setValue(done);
    });
    connect(progress, &QProgressDialog::canceled, m_job, &RegisterExportJob::cancel);
    m_progress = progress;
    m_buttons->setEnabled(false);
    m_job->start();
}

void RegisterExportDialog::finished(qint64 rows, const Error &error)
{
    if (m_progress) {
        // Closing it emits canceled(), which must not reach the finished job.
        m_progress->disconnect(this);
        if (m_job)
            m_progress->disconnect(m_job);
        m_progress->close();
        m_progress->deleteLater();
    }
    if (m_job)
        m_job->deleteLater();
    m_job = nullptr;
    m_buttons->setEnabled(true);
    if (error.isCancelled()) {
        showError(tr("The export was cancelled; no file was written."), false);
        return;
    }
    if (!error.message.isEmpty()) {
        showError(error.message);
        return;
    }
    Q_EMIT exported(request().path, rows);
    accept();
}

} // namespace dms
