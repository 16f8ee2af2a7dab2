// SPDX-License-Identifier: GPL-3.0-or-later
#include "RegisterIncomingDialog.h"

#include "desk/DeskConnection.h"
#include "services/RegistrationService.h"

#if defined(DMS_HAVE_GUI_SCAN)
#include "scan/ScanPageModel.h"
#include "scan/ScanPanel.h"
#endif

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QVBoxLayout>

namespace dms {

namespace {

/** The kinds a registry office sees most; the field takes any other too. */
const char *const kKinds[]
    = {"Заявление", "Жалба",  "Сигнал",    "Писмо",   "Искане",           "Предложение", "Уведомление",
       "Покана",    "Оферта", "Становище", "Решение", "Докладна записка", "Протокол",    "Заповед"};

} // namespace

RegisterIncomingDialog::RegisterIncomingDialog(DeskConnection &desk, const Session &session,
                                               const QList<Register> &registers,
                                               const QString &preferredRegisterId,
                                               const IncomingFlowOptions &flow, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_session(session)
{
    setObjectName(QStringLiteral("registerIncomingDialog"));
    setWindowTitle(tr("Register incoming document"));

    m_register = new QComboBox(this);
    m_register->setObjectName(QStringLiteral("registerCombo"));
    for (const Register &reg : registers) {
        if (!reg.active)
            continue;
        m_register->addItem(QStringLiteral("%1 — %2 (%3)").arg(reg.code, reg.name, displayName(reg.kind)),
                            reg.id);
    }
    const int preferred = m_register->findData(preferredRegisterId);
    if (preferred >= 0)
        m_register->setCurrentIndex(preferred);

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->setEditable(true);
    m_kind->setInsertPolicy(QComboBox::NoInsert);
    for (const char *kind : kKinds)
        m_kind->addItem(QString::fromUtf8(kind));
    m_kind->setCurrentIndex(-1);
    m_kind->lineEdit()->setMaxLength(RegistrationService::kMaxKindLength);
    m_kind->lineEdit()->setPlaceholderText(tr("e.g. application, complaint, letter"));

    m_subject = new QLineEdit(this);
    m_subject->setObjectName(QStringLiteral("subjectEdit"));
    m_subject->setMaxLength(RegistrationService::kMaxSubjectLength);
    m_subject->setMinimumWidth(420);

    m_correspondent = new QLineEdit(this);
    m_correspondent->setObjectName(QStringLiteral("correspondentEdit"));
    m_correspondent->setPlaceholderText(tr("Type the beginning of a name; optional"));
    m_correspondentNames = new QStringListModel(this);
    m_completer = new QCompleter(m_correspondentNames, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_correspondent->setCompleter(m_completer);
    connect(m_correspondent, &QLineEdit::textEdited, this, &RegisterIncomingDialog::lookUpCorrespondents);

    m_channel = new QComboBox(this);
    m_channel->setObjectName(QStringLiteral("channelCombo"));
    for (Channel channel : allChannels())
        m_channel->addItem(displayName(channel), int(channel));
    m_channel->setCurrentIndex(m_channel->findData(int(Channel::Counter)));

    m_pages = new QSpinBox(this);
    m_pages->setObjectName(QStringLiteral("pagesSpin"));
    m_pages->setRange(0, RegistrationService::kMaxPages);
    m_pages->setValue(1);

    m_access = new QComboBox(this);
    m_access->setObjectName(QStringLiteral("accessCombo"));
    for (AccessLevel level : allAccessLevels())
        m_access->addItem(displayName(level), int(level));
    m_access->setCurrentIndex(m_access->findData(int(AccessLevel::Internal)));

    m_openCase = new QCheckBox(tr("Opens a case &file"), this);
    m_openCase->setObjectName(QStringLiteral("openCaseCheck"));

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_registerButton = buttons->addButton(tr("&Register"), QDialogButtonBox::AcceptRole);
    m_registerButton->setObjectName(QStringLiteral("registerButton"));
    m_registerButton->setDefault(true);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &RegisterIncomingDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("Re&gister:"), m_register);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("C&orrespondent:"), m_correspondent);
    form->addRow(tr("C&hannel:"), m_channel);
    form->addRow(tr("&Pages:"), m_pages);
    form->addRow(tr("&Access:"), m_access);
    form->addRow(QString(), m_openCase);
    auto *layout = new QVBoxLayout(this);
    auto *columns = new QHBoxLayout;
    columns->addLayout(form);
    layout->addLayout(columns);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
#if defined(DMS_HAVE_GUI_SCAN)
    if (flow.settings && flow.scanner) {
        m_scanPanel = new ScanPanel(*flow.settings, flow.scanner, this);
        m_scanPanel->setObjectName(QStringLiteral("scanPanel"));
        columns->addWidget(m_scanPanel, 1);
        // The page count follows the pages scanned or imported.
        connect(m_scanPanel->pageModel(), &QAbstractItemModel::rowsInserted, this,
                [this] { m_pages->setValue(m_scanPanel->pageModel()->rowCount()); });
        connect(m_scanPanel->pageModel(), &QAbstractItemModel::rowsRemoved, this,
                [this] { m_pages->setValue(std::max(1, m_scanPanel->pageModel()->rowCount())); });
        connect(m_scanPanel, &ScanPanel::documentSaved, this, [this](const QString &path) {
            if (auto request = std::exchange(m_saving, std::nullopt))
                queue(*request, path);
        });
        connect(m_scanPanel, &ScanPanel::saveFailed, this, [this](const QString &message) {
            m_saving.reset();
            setBusy(false);
            showError(tr("The scan could not be written: %1").arg(message), nullptr);
        });
        m_scanPanel->findDevices();
    }
#else
    Q_UNUSED(flow);
#endif

    setTabOrder(m_register, m_kind);
    setTabOrder(m_kind, m_subject);
    setTabOrder(m_subject, m_correspondent);
    setTabOrder(m_correspondent, m_channel);
    setTabOrder(m_channel, m_pages);
    setTabOrder(m_pages, m_access);
    setTabOrder(m_access, m_openCase);
    setTabOrder(m_openCase, m_registerButton);
    setTabOrder(m_registerButton, cancel);

    // An editable combo box keeps Enter for itself; in this form Enter registers.
    m_kind->installEventFilter(this);
    m_kind->lineEdit()->installEventFilter(this);

    if (m_register->count() == 0)
        showError(tr("There is no open register to register in."), nullptr);
    m_register->setFocus();
}

RegisterIncomingDialog::~RegisterIncomingDialog() = default;

QString RegisterIncomingDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool RegisterIncomingDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && (watched == m_kind || watched == m_kind->lineEdit())) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        const bool popupOpen = m_kind->view() && m_kind->view()->isVisible();
        if (enter && key->modifiers() == Qt::NoModifier && !popupOpen) {
            submit();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void RegisterIncomingDialog::lookUpCorrespondents(const QString &prefix)
{
    const QString typed = prefix.trimmed();
    if (typed.size() < 2)
        return;
    auto found = m_desk.reader().correspondentsByName(typed, 20);
    if (!found)
        return;
    QHash<QString, int> sameName;
    for (const Correspondent &c : std::as_const(*found))
        ++sameName[c.name];
    QStringList shown;
    for (const Correspondent &c : std::as_const(*found)) {
        // Namesakes are told apart by their ЕИК (the desk has no personal addresses).
        const QString text = sameName.value(c.name) > 1 && !c.eik.isEmpty()
            ? QStringLiteral("%1 — %2").arg(c.name, c.eik)
            : c.name;
        if (sameName.value(c.name) > 1 && c.eik.isEmpty())
            continue;
        m_correspondentIds.insert(text, c.id);
        shown << text;
    }
    m_correspondentNames->setStringList(shown);
    if (!shown.isEmpty() && m_correspondent->hasFocus()) {
        m_completer->setCompletionPrefix(prefix);
        m_completer->complete();
    }
}

Result<NewRegistration> RegisterIncomingDialog::request()
{
    NewRegistration request;
    request.registerId = m_register->currentData().toString();
    request.openCase = m_openCase->isChecked();
    DocumentDraft &draft = request.document;
    draft.kind = m_kind->currentText().trimmed();
    draft.subject = m_subject->text();
    draft.channel = Channel(m_channel->currentData().toInt());
    draft.pageCount = m_pages->value();
    draft.accessLevel = AccessLevel(m_access->currentData().toInt());

    const QString name = m_correspondent->text().trimmed();
    if (name.isEmpty())
        return request;
    if (m_correspondentIds.contains(name)) {
        draft.correspondentId = m_correspondentIds.value(name);
        return request;
    }
    auto found = m_desk.reader().correspondentsByName(name, 20);
    if (!found)
        return found.error();
    QStringList ids;
    for (const Correspondent &c : std::as_const(*found)) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            ids << c.id;
    }
    if (ids.isEmpty())
        return makeError(ErrorCode::NotFound,
                         tr("There is no correspondent called “%1”. Choose one from the list.").arg(name));
    if (ids.size() > 1)
        return makeError(ErrorCode::Conflict,
                         tr("Several correspondents are called “%1”. Choose one from the list.").arg(name));
    draft.correspondentId = ids.first();
    return request;
}

QWidget *RegisterIncomingDialog::fieldAtFault(const DocumentDraft &draft) const
{
    // The field whose correction makes the draft valid is the one to point at.
    const QString sample = QStringLiteral("x");
    DocumentDraft probe = draft;
    probe.subject = sample;
    if (RegistrationService::validate(probe).ok())
        return m_subject;
    probe = draft;
    probe.kind = sample;
    if (RegistrationService::validate(probe).ok())
        return m_kind;
    probe = draft;
    probe.pageCount = 1;
    if (RegistrationService::validate(probe).ok())
        return m_pages;
    probe = draft;
    probe.correspondentId.clear();
    if (RegistrationService::validate(probe).ok())
        return m_correspondent;
    return nullptr;
}

void RegisterIncomingDialog::showError(const QString &message, QWidget *field)
{
    m_error->setText(message);
    m_error->show();
    if (field) {
        field->setFocus(Qt::OtherFocusReason);
        if (auto *edit = qobject_cast<QLineEdit *>(field))
            edit->selectAll();
    }
}

void RegisterIncomingDialog::submit()
{
    m_error->hide();
    m_error->clear();
    auto made = request();
    if (!made) {
        showError(made.error().message, m_correspondent);
        return;
    }
    if (made->registerId.isEmpty()) {
        showError(tr("Choose a register."), m_register);
        return;
    }
    auto valid = RegistrationService::validate(made->document);
    if (!valid) {
        showError(valid.error().message, fieldAtFault(made->document));
        return;
    }
    if (!m_session.can(Permission::RegisterDocument) || !m_desk.engine()) {
        showError(tr("You may not register documents on this desk."), nullptr);
        return;
    }
#if defined(DMS_HAVE_GUI_SCAN)
    if (m_scanPanel && m_scanPanel->isBusy()) {
        showError(tr("Wait until the scanner has finished."), nullptr);
        return;
    }
    if (m_scanPanel && m_scanPanel->pageModel()->rowCount() > 0) {
        // Written on the panel's worker; the registration follows in documentSaved.
        auto folder = std::make_shared<QTemporaryDir>();
        if (!folder->isValid()) {
            showError(tr("The scan could not be written: %1").arg(folder->errorString()), nullptr);
            return;
        }
        m_scanFolder = folder;
        m_saving = *made;
        setBusy(true);
        m_scanPanel->saveDocument(folder->filePath(QStringLiteral("scan.pdf")));
        return;
    }
#endif
    queue(*made, {});
}

void RegisterIncomingDialog::setBusy(bool busy)
{
    m_registerButton->setEnabled(!busy);
    if (busy) {
        m_error->setText(tr("Writing the scan…"));
        m_error->show();
    }
}

void RegisterIncomingDialog::queue(const NewRegistration &request, const QString &scan)
{
    setBusy(false);
    m_error->hide();
    auto entry = m_desk.engine()->registerDocument(request);
    if (!entry) {
        showError(entry.error().message, nullptr);
        return;
    }
    m_queued = *entry;
    if (!scan.isEmpty()) {
        // The desk keeps its own copy (what it shows, certifies and uploads); the file here is temporary.
        QFile file(scan);
        auto attached = file.open(QIODevice::ReadOnly)
            ? m_desk.engine()->attachFile(
                {{}, entry->opId, QStringLiteral("scan.pdf"), QStringLiteral("application/pdf")}, file)
            : Result<OutboxEntry>(makeError(ErrorCode::Storage, file.errorString()));
        if (attached)
            m_scanFile
                = m_desk.engine()->localFile(attached->payload.value(QStringLiteral("sha256")).toString());
        else
            m_attachError = attached.error().message;
    }
    m_scanFolder.reset();
    accept();
}

} // namespace dms
