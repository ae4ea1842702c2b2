<%@ page session="false" contentType="text/html; charset=UTF-8" pageEncoding="UTF-8" %>
<%@ include file="/WEB-INF/html.jspf" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Notes (legacy)</title></head>
<body>
<h1>Notes (legacy)</h1>
<p>Public page; <span id="user"><%= request.getRemoteUser() == null ? "not signed in" : html(request.getRemoteUser()) %></span>.</p>
<ul>
  <li><a id="notes-link" href="notes.jsp">Notes</a></li>
  <li><a id="other-link" href="other.jsp">Another protected page</a></li>
</ul>
</body>
</html>
