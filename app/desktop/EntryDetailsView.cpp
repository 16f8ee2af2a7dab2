// SPDX-License-Identifier: GPL-3.0-or-later
#include "EntryDetailsView.h"

#include "desk/DeskExchange.h"
#include "desk/DeskReader.h"

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

EntryDetailsView::EntryDetailsView(DeskReader &reader, const QTimeZone &timeZone, QWidget *parent)
    : QTextBrowser(parent)
    , m_reader(reader)
    , m_timeZone(timeZone)
{
    setOpenLinks(false);
    showEntry(std::nullopt);
}

EntryDetailsView::~EntryDetailsView() = default;

void EntryDetailsView::clearCache()
{
    m_registerNames.clear();
}

QString EntryDetailsView::registerName(const QString &registerId)
{
    if (m_registerNames.isEmpty()) {
        auto all = m_reader.registers();
        if (all) {
            for (const Register &reg : std::as_const(*all))
                m_registerNames.insert(reg.id, QStringLiteral("%1 — %2").arg(reg.code, reg.name));
        }
    }
    return m_registerNames.value(registerId, registerId);
}

QString EntryDetailsView::localTime(const QDateTime &utc) const
{
    return utc.toTimeZone(m_timeZone).toString(QStringLiteral("dd.MM.yyyy HH:mm:ss"));
}

void EntryDetailsView::showEntry(const std::optional<DocumentSummary> &selected)
{
    if (!selected) {
        setHtml(QStringLiteral("<p style=\"color:#666666\">%1</p>")
                    .arg(escaped(tr("Select an entry to see its registration data and history."))));
        return;
    }
    auto found = m_reader.find(selected->registrationId);
    if (!found) {
        setHtml(QStringLiteral("<p>%1</p>").arg(escaped(found.error().message)));
        return;
    }
    const DeskEntry &entry = *found;
    const DocumentSummary &s = entry.summary;
    const bool annulled = s.status == RegistrationStatus::Annulled;

    QString html = QStringLiteral("<h2>%1</h2>").arg(escaped(s.index));
    if (entry.pending) {
        html += QStringLiteral("<p style=\"background:#fff4e5; color:#7a4b00; padding:6px\">%1</p>")
                    .arg(escaped(tr("Provisional number of this desk: the server gives the official number"
                                    " when it is reached.")));
    }
    if (annulled) {
        html += QStringLiteral(
                    "<p style=\"background:#fdecea; color:#8a1c12; padding:6px\"><b>%1</b><br>%2<br>%3</p>")
                    .arg(escaped(tr("Annulled")),
                         escaped(tr("On %1 by %2")
                                     .arg(localTime(entry.annulledAt), m_reader.userName(entry.annulledBy))),
                         escaped(tr("Reason: %1").arg(entry.annulReason)));
    }
    html += QStringLiteral("<table>");
    html += row(tr("Register"), escaped(registerName(s.registerId)));
    html += row(tr("Registered"), escaped(localTime(s.registeredAt)));
    if (!entry.registeredBy.isEmpty())
        html += row(tr("Registered by"), escaped(m_reader.userName(entry.registeredBy)));
    html += row(tr("Kind"), escaped(s.kind));
    html += row(tr("Subject"), escaped(s.subject));
    html += row(tr("Correspondent"), escaped(s.correspondentName.isEmpty() ? tr("—") : s.correspondentName));
    html += row(tr("Channel"), escaped(displayName(s.channel)));
    html += row(tr("Pages"), QString::number(s.pageCount));
    html += row(tr("Access"), escaped(displayName(s.accessLevel)));
    html += row(tr("Status"), escaped(entry.pending ? tr("Awaiting number") : displayName(s.status)));
    if (!s.caseId.isEmpty())
        html += row(tr("Case file"), escaped(tr("Yes")));
    html += QStringLiteral("</table>");

    if (m_exchange && !entry.pending) {
        auto sent = m_exchange->statuses(s.registrationId);
        if (sent && !sent->isEmpty()) {
            html += QStringLiteral("<h3>%1</h3><ul>").arg(escaped(tr("Sent by СЕОС")));
            for (const DeskExchangeStatus &status : std::as_const(*sent))
                html += QStringLiteral("<li>%1 — %2 (%3)</li>")
                            .arg(escaped(status.recipientName.isEmpty() ? status.recipientGuid
                                                                        : status.recipientName),
                                 escaped(DeskExchange::describe(status)),
                                 escaped(localTime(status.updatedAt)));
            html += QStringLiteral("</ul>");
        }
    }

    html += QStringLiteral("<h3>%1</h3><ul>").arg(escaped(tr("History")));
    if (!entry.provisionalNumber.isEmpty() && entry.receivedAtLocal.isValid())
        html += QStringLiteral("<li>%1 — %2</li>")
                    .arg(escaped(localTime(entry.receivedAtLocal)),
                         escaped(tr("Received at the desk as %1").arg(entry.provisionalNumber)));
    if (!entry.pending)
        html += QStringLiteral("<li>%1 — %2: %3</li>")
                    .arg(escaped(localTime(s.registeredAt)), escaped(m_reader.userName(entry.registeredBy)),
                         escaped(tr("Registered as %1").arg(s.index)));
    if (annulled)
        html += QStringLiteral("<li>%1 — %2: %3</li>")
                    .arg(escaped(localTime(entry.annulledAt)), escaped(m_reader.userName(entry.annulledBy)),
                         escaped(tr("Annulled: %1").arg(entry.annulReason)));
    html += QStringLiteral("</ul>");
    setHtml(html);
}

} // namespace dms
