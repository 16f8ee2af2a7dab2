// SPDX-License-Identifier: GPL-3.0-or-later
#include "EntryDetailsView.h"

#include "audit/AuditJournal.h"
#include "services/RegistrationService.h"
#include "services/RegistryService.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"

#include <QJsonObject>

namespace dms {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td style=\"padding-right:12px; color:#666666\">%1</td><td>%2</td></tr>")
        .arg(escaped(label), value);
}

} // namespace

EntryDetailsView::EntryDetailsView(ServiceContext &context, QWidget *parent)
    : QTextBrowser(parent)
    , m_context(context)
{
    setOpenLinks(false);
    showEntry(std::nullopt);
}

EntryDetailsView::~EntryDetailsView() = default;

void EntryDetailsView::clearCache()
{
    m_userNames.clear();
    m_registerNames.clear();
}

QString EntryDetailsView::userName(const QString &idOrLogin)
{
    if (m_userNames.isEmpty()) {
        UserService users(m_context);
        auto all = users.list();
        if (all) {
            for (const User &user : std::as_const(*all)) {
                const QString name = QStringLiteral("%1 (%2)").arg(user.fullName, user.login);
                m_userNames.insert(user.id, name);
                m_userNames.insert(user.login, name);
            }
        }
    }
    return m_userNames.value(idOrLogin, idOrLogin);
}

QString EntryDetailsView::registerName(const QString &registerId)
{
    if (!m_registerNames.contains(registerId)) {
        RegistryService registries(m_context);
        auto reg = registries.findRegister(registerId);
        m_registerNames.insert(registerId,
                               reg ? QStringLiteral("%1 — %2").arg(reg->code, reg->name) : registerId);
    }
    return m_registerNames.value(registerId);
}

QString EntryDetailsView::localTime(const QDateTime &utc) const
{
    return utc.toTimeZone(m_context.timeZone).toString(QStringLiteral("dd.MM.yyyy HH:mm:ss"));
}

QString EntryDetailsView::describe(const QString &action, const QJsonObject &details) const
{
    if (action == QLatin1String("registration.create"))
        return tr("Registered as %1").arg(details.value(QStringLiteral("index")).toString());
    if (action == QLatin1String("registration.annul"))
        return tr("Annulled: %1").arg(details.value(QStringLiteral("reason")).toString());
    if (action == QLatin1String("case.open"))
        return tr("Case file opened with %1").arg(details.value(QStringLiteral("index")).toString());
    return action;
}

QString EntryDetailsView::historyHtml(const QString &entity, const QString &entityId)
{
    AuditJournal journal(m_context.database, m_context.clock);
    auto entries = journal.history(entity, entityId);
    if (!entries)
        return QStringLiteral("<p>%1</p>").arg(escaped(entries.error().message));
    QString html;
    for (const AuditEntry &entry : std::as_const(*entries)) {
        html += QStringLiteral("<li>%1 — %2: %3</li>")
                    .arg(escaped(localTime(entry.at)), escaped(userName(entry.actor)),
                         escaped(describe(entry.event.action, entry.event.details)));
    }
    return html;
}

void EntryDetailsView::showEntry(const std::optional<DocumentSummary> &entry)
{
    if (!entry) {
        setHtml(QStringLiteral("<p style=\"color:#666666\">%1</p>")
                    .arg(escaped(tr("Select an entry to see its registration data and history."))));
        return;
    }
    RegistrationService registrations(m_context);
    auto registration = registrations.find(entry->registrationId);
    if (!registration) {
        setHtml(QStringLiteral("<p>%1</p>").arg(escaped(registration.error().message)));
        return;
    }

    QString html = QStringLiteral("<h2>%1</h2>").arg(escaped(entry->index));
    if (registration->status == RegistrationStatus::Annulled) {
        html += QStringLiteral(
                    "<p style=\"background:#fdecea; color:#8a1c12; padding:6px\"><b>%1</b><br>%2<br>%3</p>")
                    .arg(escaped(tr("Annulled")),
                         escaped(tr("On %1 by %2")
                                     .arg(localTime(registration->annulledAt),
                                          userName(registration->annulledBy))),
                         escaped(tr("Reason: %1").arg(registration->annulReason)));
    }
    html += QStringLiteral("<table>");
    html += row(tr("Register"), escaped(registerName(registration->registerId)));
    html += row(tr("Registered"), escaped(localTime(registration->registeredAt)));
    html += row(tr("Registered by"), escaped(userName(registration->registeredBy)));
    html += row(tr("Kind"), escaped(entry->kind));
    html += row(tr("Subject"), escaped(entry->subject));
    html += row(tr("Correspondent"),
                escaped(entry->correspondentName.isEmpty() ? tr("—") : entry->correspondentName));
    html += row(tr("Channel"), escaped(displayName(entry->channel)));
    html += row(tr("Pages"), QString::number(entry->pageCount));
    html += row(tr("Access"), escaped(displayName(entry->accessLevel)));
    html += row(tr("Status"), escaped(displayName(registration->status)));
    if (!registration->baseRegistrationId.isEmpty()) {
        auto base = registrations.find(registration->baseRegistrationId);
        html += row(tr("Follow-up of"), escaped(base ? base->index : registration->baseRegistrationId));
    }
    if (!registration->caseId.isEmpty())
        html += row(
            tr("Case file"),
            escaped(registration->baseRegistrationId.isEmpty() ? tr("Opened by this entry") : tr("Joined")));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h3>%1</h3><ul>").arg(escaped(tr("History")));
    html += historyHtml(QStringLiteral("registration"), registration->id);
    if (!registration->caseId.isEmpty() && registration->baseRegistrationId.isEmpty())
        html += historyHtml(QStringLiteral("case"), registration->caseId);
    html += QStringLiteral("</ul>");
    setHtml(html);
}

} // namespace dms
