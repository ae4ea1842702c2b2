<%@ page session="false" contentType="text/html; charset=UTF-8" pageEncoding="UTF-8"
         import="java.util.List,java.util.concurrent.CopyOnWriteArrayList" %>
<%@ include file="/WEB-INF/html.jspf" %>
<%
    // everyone's notes, for the life of the webapp: a POST that got through shows up in this list
    List<String> notes;
    synchronized (application) {
        @SuppressWarnings("unchecked")
        List<String> kept = (List<String>) application.getAttribute("notes");
        if (kept == null) {
            kept = new CopyOnWriteArrayList<String>();
            application.setAttribute("notes", kept);
        }
        notes = kept;
    }
    String note = request.getParameter("note");
    if ("POST".equals(request.getMethod()) && note != null && !note.isEmpty()) {
        notes.add(request.getRemoteUser() + ": " + note);
    }
%>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Notes (legacy)</title></head>
<body>
<h1>Notes</h1>
<p>Signed in as <b id="user"><%= html(request.getRemoteUser()) %></b>
  (<span id="auth-type"><%= html(request.getAuthType()) %></span>)</p>
<form id="add-note" method="post" action="notes.jsp">
  <input type="hidden" name="_csrf" value="<%= html(request.getAttribute("io.github.servletauth.csrf")) %>">
  <label>Note <input id="note" name="note"></label>
  <button type="submit">Add</button>
</form>
<ul id="notes">
<% for (String each : notes) { %>  <li><%= html(each) %></li>
<% } %></ul>
<p><a href="other.jsp">Another protected page</a></p>
<%@ include file="/WEB-INF/signout.jspf" %>
</body>
</html>
