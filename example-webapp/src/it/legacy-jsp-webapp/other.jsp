<%@ page session="false" contentType="text/html; charset=UTF-8" pageEncoding="UTF-8" %>
<%@ include file="/WEB-INF/html.jspf" %>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Other (legacy)</title></head>
<body>
<h1>Another protected page</h1>
<p>Signed in as <b id="user"><%= html(request.getRemoteUser()) %></b>
  (<span id="auth-type"><%= html(request.getAuthType()) %></span>)</p>
<p><a href="notes.jsp">Notes</a></p>
<%@ include file="/WEB-INF/signout.jspf" %>
</body>
</html>
